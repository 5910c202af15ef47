package dev.wreg.server.metrics;

import dev.wreg.server.blobs.BlobStore;
import dev.wreg.server.blobs.BlobStoreException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Counts the blob store's failures by operation ({@code wreg_blobstore_errors_total{operation}}):
 * the store being down or broken ({@code storage-unavailable}, or anything unexpected), not a
 * client's mistake (a wrong digest, a missing blob, a bad range). It wraps the one
 * {@link BlobStore} bean, whichever store it is, so no store has to know about metrics.
 */
@Component
public class BlobStoreErrors implements BeanPostProcessor, MeterBinder {

    private final ObjectProvider<MeterRegistry> registry;

    public BlobStoreErrors(ObjectProvider<MeterRegistry> registry) {
        this.registry = registry;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof BlobStore store) || Proxy.isProxyClass(bean.getClass())) {
            return bean;
        }
        // AutoCloseable stays visible, so Spring still closes an S3 store's client on shutdown.
        Class<?>[] interfaces = store instanceof AutoCloseable
                ? new Class<?>[] {BlobStore.class, AutoCloseable.class}
                : new Class<?>[] {BlobStore.class};
        return Proxy.newProxyInstance(BlobStore.class.getClassLoader(), interfaces, new Counting(store));
    }

    /** Every operation's counter from the start, so a scrape shows 0 rather than nothing. */
    @Override
    public void bindTo(MeterRegistry meters) {
        for (Method method : BlobStore.class.getMethods()) {
            counter(meters, method.getName());
        }
    }

    private static Counter counter(MeterRegistry meters, String operation) {
        return Counter.builder("wreg.blobstore.errors")
                .description("Blob store operations that failed because the store is down or broken")
                .tag("operation", operation)
                .register(meters);
    }

    /** Whether {@code failure} says the store itself failed, rather than the request. */
    static boolean isStoreFailure(Throwable failure) {
        if (failure instanceof BlobStoreException e) {
            return BlobStoreException.STORAGE_UNAVAILABLE.equals(e.code());
        }
        return failure instanceof RuntimeException || failure instanceof Error;
    }

    private final class Counting implements InvocationHandler {

        private final BlobStore store;

        Counting(BlobStore store) {
            this.store = store;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "counted " + store;
                };
            }
            try {
                return method.invoke(store, args);
            } catch (InvocationTargetException e) {
                Throwable failure = e.getCause();
                if (isStoreFailure(failure)) {
                    MeterRegistry meters = registry.getIfAvailable();
                    if (meters != null) {
                        counter(meters, method.getName()).increment();
                    }
                }
                throw failure;
            }
        }
    }
}
