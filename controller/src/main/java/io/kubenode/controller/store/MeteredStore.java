package io.kubenode.controller.store;

import io.kubenode.controller.metrics.ControllerMetrics;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.TreeSet;

/**
 * A store whose every operation is timed and, when it throws, counted as an error, labelled by the operation (the
 * method's name: a fixed set, never a node or a key). What an operator of the controller asks first when catalogs
 * arrive late or the disk fills up: how long do the store's writes take, and do they fail.
 */
public final class MeteredStore {
    private MeteredStore() {
    }

    public static Store wrap(Store store, ControllerMetrics metrics) {
        metrics.storeOperations(new TreeSet<>(Arrays.stream(Store.class.getMethods())
                .filter(method -> !method.getName().equals("close")).map(Method::getName).toList()));
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[]{Store.class},
                (proxy, method, arguments) -> {
                    if (method.getDeclaringClass() == Object.class || method.getName().equals("close")) {
                        return invoke(store, method, arguments);
                    }
                    long started = System.nanoTime();
                    boolean failed = true;
                    try {
                        Object result = invoke(store, method, arguments);
                        failed = false;
                        return result;
                    } finally {
                        metrics.storeOperation(method.getName(), System.nanoTime() - started, failed);
                    }
                });
    }

    private static Object invoke(Store store, Method method, Object[] arguments) throws Throwable {
        try {
            return method.invoke(store, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
