/*
 * hello: a WASI command. Greets each name given as an argument ("world" when there is none),
 * in the language of the GREETING environment variable when the host grants one.
 * Exit status 0; a name that is empty is refused with status 1 so that hosts' exit codes show.
 */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    const char *greeting = getenv("GREETING");
    if (greeting == NULL || greeting[0] == '\0') {
        greeting = "Hello";
    }
    if (argc < 2) {
        printf("%s, world!\n", greeting);
        return 0;
    }
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] == '\0') {
            fprintf(stderr, "hello: argument %d is empty\n", i);
            return 1;
        }
        printf("%s, %s!\n", greeting, argv[i]);
    }
    return 0;
}
