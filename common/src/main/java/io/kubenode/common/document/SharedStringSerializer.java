package io.kubenode.common.document;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import java.io.IOException;

/** Writes a large string from the writer's {@link SharedStrings} (already escaped); any other string as usual. */
final class SharedStringSerializer extends StdSerializer<String> {
    SharedStringSerializer() {
        super(String.class);
    }

    @Override
    public void serialize(String value, JsonGenerator generator, SerializerProvider provider) throws IOException {
        byte[] escaped = value.length() >= SharedStrings.MIN_LENGTH
                && provider.getAttribute(SharedStrings.class) instanceof SharedStrings shared
                ? shared.escaped(value) : null;
        if (escaped != null && escaped.length > 0) {
            generator.writeRawUTF8String(escaped, 0, escaped.length);
        } else {
            generator.writeString(value);
        }
    }
}
