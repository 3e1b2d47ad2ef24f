// The C project the live benchmarks build with `make -j2`: n files, each including three libc headers and holding
// 30 small functions, compiled with gcc -O1 (what a build does to the kernel: header opens, execs of cc1 and as).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes the project into `proj` (created); with `link`, a main.c too and a program linked from every object. */
export function writeCProject(proj: string, n: number, link = false): string {
  mkdirSync(proj, { recursive: true });
  for (let i = 0; i < n; i++) {
    const fns = Array.from(
      { length: 30 },
      (_, j) => `int f${i}_${j}(int x){int s=0;for(int k=0;k<x;k++)s+=k*${j}%7;return s;}`,
    );
    writeFileSync(
      join(proj, `m${i}.c`),
      `#include <stdio.h>\n#include <string.h>\n#include <stdlib.h>\n${fns.join('\n')}\n`,
    );
  }
  const objs = Array.from({ length: n }, (_, i) => `m${i}.o`).join(' ');
  if (link) {
    writeFileSync(join(proj, 'main.c'), 'int main(void){return 0;}\n');
    writeFileSync(
      join(proj, 'Makefile'),
      `OBJS := main.o ${objs}\nall: prog\nprog: $(OBJS)\n\t$(CC) -o $@ $^\n%.o: %.c\n\t$(CC) -O1 -c -o $@ $<\nclean:\n\trm -f *.o prog\n`,
    );
  } else {
    writeFileSync(
      join(proj, 'Makefile'),
      `OBJS := ${objs}\nall: $(OBJS)\n%.o: %.c\n\t$(CC) -O1 -c -o $@ $<\nclean:\n\trm -f *.o\n`,
    );
  }
  return proj;
}
