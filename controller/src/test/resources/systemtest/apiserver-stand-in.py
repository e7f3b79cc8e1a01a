# The apiserver stand-in of NspawnClusterIT: a TLS server on ADDRESS:PORT answering GET /healthz and /readyz with
# 200 "ok", as kube-apiserver does when healthy, with the certificate and key kubeadm would have written. It stands
# in for the apiserver static pod, which cannot run here (kubeadm never runs in the containers). Threaded, and the
# TLS handshake runs in each connection's own thread with a timeout, so the load balancer's bare TCP connects
# (haproxy passes every client connect through) never hold up its health checks.
# Usage: python3 apiserver-stand-in.py ADDRESS PORT CERT KEY
import http.server
import ssl
import sys


class Health(http.server.BaseHTTPRequestHandler):
    timeout = 5

    def do_GET(self):
        found = self.path in ("/healthz", "/readyz")
        body = b"ok" if found else b"404 page not found\n"
        self.send_response(200 if found else 404)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A client that connects and leaves without a TLS handshake: nothing to report.
        pass


address, port, cert, key = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(cert, key)
server = QuietServer((address, port), Health)
server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
print(f"apiserver stand-in on https://{address}:{port}/healthz", flush=True)
server.serve_forever()
