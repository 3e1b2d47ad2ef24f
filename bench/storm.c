// Syscall storms for the live benchmarks.
//   storm open  N [RATE] [PATH]   N open+close pairs of PATH, /etc/hostname by default (RATE: pairs per second,
//                          paced; 0 = flat out)
//   storm exec  N [RATE]   N fork+execve of /bin/true, waited for
//   storm getppid N        N getppid calls (a syscall no rule needs)
// Prints the achieved rate and the elapsed seconds as JSON.
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
	if(argc < 3) {
		fprintf(stderr, "usage: storm open|exec|getppid N [RATE] [PATH]\n");
		return 2;
	}
	const char *what = argv[1];
	long n = atol(argv[2]);
	double rate = argc > 3 ? atof(argv[3]) : 0;
	const char *path = argc > 4 ? argv[4] : "/etc/hostname";
	double start = now();
	for(long i = 0; i < n; i++) {
		if(rate > 0 && (i & 63) == 0) {
			double due = start + i / rate;
			double t = now();
			if(due > t) {
				struct timespec d = {(time_t)(due - t), (long)(((due - t) - (time_t)(due - t)) * 1e9)};
				nanosleep(&d, NULL);
			}
		}
		if(strcmp(what, "open") == 0) {
			int fd = open(path, O_RDONLY);
			close(fd);
		} else if(strcmp(what, "exec") == 0) {
			pid_t p = fork();
			if(p == 0) {
				execl("/bin/true", "true", (char *)NULL);
				_exit(127);
			}
			waitpid(p, NULL, 0);
		} else {
			syscall(SYS_getppid);
		}
	}
	double el = now() - start;
	printf("{\"n\":%ld,\"seconds\":%.6f,\"rate\":%.1f}\n", n, el, n / el);
	return 0;
}
