import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassElement;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.MethodModel;
import java.lang.classfile.MethodTransform;
import java.lang.constant.ClassDesc;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Build step of registry-cli (run by the build after the shade plugin, before the class-data
 * archive is made): rewrites the class files of the packages named under a jar whose class-file
 * version is older than Java 6 (picocli ships Java 5 class files) as Java 8 class files with stack
 * maps, the same code otherwise.
 *
 * <p>Why: the JVM verifies pre-Java-6 classes with the old type-inferring verifier on every start,
 * and class-data sharing cannot keep them ("Old class has been linked"), so each {@code wreg}
 * process parsed and verified picocli's 150-odd classes anew. As Java 8 classes with stack maps
 * they are verified by the split verifier when the archive is made, and mapped from the archive
 * afterwards.
 *
 * <p>Usage: {@code java OldClassFileUpgrade.java JAR PACKAGE_DIR...} (e.g. {@code picocli}). Needs
 * the class-file API (JDK 24 or newer); the build skips the step on an older JDK.
 */
public final class OldClassFileUpgrade {

    private static final int JAVA_6 = 50;
    private static final int JAVA_8 = 52;

    private OldClassFileUpgrade() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: java OldClassFileUpgrade.java JAR PACKAGE_DIR...");
            System.exit(2);
        }
        Path jar = Path.of(args[0]);
        try (FileSystem zip = FileSystems.newFileSystem(jar)) {
            // Stack maps need the common superclass of two types: the JDK's own classes, else the
            // jar's (picocli's types are its own and the JDK's).
            ClassHierarchyResolver resolver = ClassHierarchyResolver.defaultResolver()
                    .orElse(ClassHierarchyResolver.ofResourceParsing((ClassDesc desc) -> open(zip, desc)))
                    .cached();
            ClassFile classFile = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(resolver));
            int upgraded = 0;
            for (int i = 1; i < args.length; i++) {
                for (Path file : classFiles(zip.getPath("/" + args[i]))) {
                    ClassModel model = classFile.parse(Files.readAllBytes(file));
                    if (model.majorVersion() >= JAVA_6) {
                        continue;
                    }
                    Files.write(file, upgrade(classFile, model));
                    upgraded++;
                }
            }
            System.out.println("upgraded " + upgraded + " class files older than Java 6 in " + jar.getFileName());
        }
    }

    /** The class as a Java 8 class file: every method body rebuilt, which generates its stack maps. */
    private static byte[] upgrade(ClassFile classFile, ClassModel model) {
        return classFile.build(model.thisClass().asSymbol(), builder -> {
            builder.withVersion(JAVA_8, 0);
            for (ClassElement element : model) {
                switch (element) {
                    case ClassFileVersion ignored -> {}
                    case MethodModel method ->
                        builder.transformMethod(method, MethodTransform.transformingCode(CodeTransform.ACCEPT_ALL));
                    default -> builder.with(element);
                }
            }
        });
    }

    private static List<Path> classFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is not in the jar");
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".class")).toList();
        }
    }

    private static InputStream open(FileSystem zip, ClassDesc desc) {
        String descriptor = desc.descriptorString(); // Lpicocli/CommandLine$Help;
        Path file = zip.getPath("/" + descriptor.substring(1, descriptor.length() - 1) + ".class");
        try {
            return Files.exists(file) ? Files.newInputStream(file) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
