/*
** main.c: the cssim executable; everything else lives in the library.
*/
#include "cs_cli.h"

int main(int argc, char **argv) { return cs_cli_main(argc, argv); }
