// Prints falcosecurity/libs' event tables as one JSON document on stdout, for scripts/gen-event-table.ts.
//
// The tables are C: designated initialisers, enum arithmetic, `#ifdef __NR_x` per syscall, flag tables referenced
// by pointer. Compiling libs' own files and reading the resulting arrays is the one way to get exactly the values
// libscap gets, without re-implementing the C preprocessor. This file is linked with libs' event_table.c,
// flags_table.c, dynamic_params_table.c and syscall-table-x86_64.c (libs' syscall_table.c over the x86_64
// numbers); the driver (scripts/event-table/libs-dump.ts) writes two headers it includes:
//   - libs-names.h: X-lists of names found in the libs text (enum members, extern flag and dynamic tables), so
//     this file prints the compiler's value for each name instead of trusting a hand-kept list;
//   - libs-slices.h: definitions cut, unmodified, out of two files that cannot be compiled alone (they include all
//     of libscap or libsinsp): scap_ppm_sc.c's g_events_to_sc_map and utils.cpp's errno_to_str/signal_to_str.
// Output is plain data; every decision about how it is rendered in TypeScript is the driver's.

#include <ctype.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ppm_events_public.h"

extern const struct ppm_event_info g_event_info[];
extern const struct syscall_evt_pair g_syscall_table[];

#include "libs-names.h"
#include "libs-slices.h"

static void fail(const char *what, long detail) {
	fprintf(stderr, "dump-libs-tables: %s (%ld)\n", what, detail);
	exit(1);
}

// A JSON string. Every name in these tables is printable ASCII; anything else means the input is not what the
// generator was written for, so it stops rather than guess an escaping.
static void print_string(const char *s) {
	putchar('"');
	for(const char *p = s; *p != '\0'; p++) {
		if(*p < 0x20 || *p > 0x7e) {
			fail("a name holds a non-printable character", (long)(unsigned char)*p);
		}
		if(*p == '"' || *p == '\\') {
			putchar('\\');
		}
		putchar(*p);
	}
	putchar('"');
}

struct named_table {
	const char *name;
	const void *table;
};

static const struct named_table flag_tables[] = {
#define LIBS_FLAG_TABLE(n) {#n, n},
        LIBS_FLAG_TABLES
#undef LIBS_FLAG_TABLE
};
static const struct named_table dyn_tables[] = {
#define LIBS_DYN_TABLE(n) {#n, n},
        LIBS_DYN_TABLES
#undef LIBS_DYN_TABLE
};
#define COUNT(a) (sizeof(a) / sizeof(*(a)))

// The length of each dynamic table: an event parameter's ninfo (the table has no terminator).
static unsigned dyn_lengths[COUNT(dyn_tables)];

static const char *table_name(const struct named_table *tables, size_t n, const void *p) {
	for(size_t i = 0; i < n; i++) {
		if(tables[i].table == p) {
			return tables[i].name;
		}
	}
	return NULL;
}

static void print_constants(void) {
	printf("\"constants\":{");
	bool first = true;
#define LIBS_CONSTANT(n)                 \
	printf("%s\"%s\":%lld", first ? "" : ",", #n, (long long)(n)); \
	first = false;
	LIBS_CONSTANTS
#undef LIBS_CONSTANT
	printf(",\"PPM_EVENT_MAX\":%d,\"PPM_SC_MAX\":%d,\"SYSCALL_TABLE_SIZE\":%d}",
	       (int)PPM_EVENT_MAX,
	       (int)PPM_SC_MAX,
	       (int)SYSCALL_TABLE_SIZE);
}

// A parameter's info: a flag table or a dynamic table (by name) or, for FSRELPATH, the dirfd parameter's index.
static void print_param(const struct ppm_param_info *p) {
	printf("{\"name\":");
	print_string(p->name);
	printf(",\"type\":%d,\"fmt\":%d,\"ninfo\":%u", (int)p->type, (int)p->fmt, (unsigned)p->ninfo);
	if(p->info == NULL) {
		printf("}");
		return;
	}
	const char *flags = table_name(flag_tables, COUNT(flag_tables), p->info);
	const char *dyn = table_name(dyn_tables, COUNT(dyn_tables), p->info);
	if(flags != NULL) {
		printf(",\"flags\":");
		print_string(flags);
	} else if(dyn != NULL) {
		size_t i = 0;
		while(dyn_tables[i].table != p->info) {
			i++;
		}
		if(dyn_lengths[i] != 0 && dyn_lengths[i] != p->ninfo) {
			fail("a dynamic table is used with two lengths", (long)i);
		}
		dyn_lengths[i] = p->ninfo;
		printf(",\"dyn\":");
		print_string(dyn);
	} else {
		printf(",\"infoNumber\":%lld", (long long)(intptr_t)p->info);
	}
	printf("}");
}

static void print_events(void) {
	printf(",\"events\":[");
	for(int code = 0; code < PPM_EVENT_MAX; code++) {
		const struct ppm_event_info *e = &g_event_info[code];
		printf("%s{\"name\":", code == 0 ? "" : ",");
		print_string(e->name);
		printf(",\"category\":%lld,\"flags\":%lld,\"params\":[", (long long)e->category, (long long)e->flags);
		if(e->nparams > PPM_MAX_EVENT_PARAMS) {
			fail("an event has more parameters than PPM_MAX_EVENT_PARAMS", code);
		}
		for(uint32_t i = 0; i < e->nparams; i++) {
			if(i > 0) {
				putchar(',');
			}
			print_param(&e->params[i]);
		}
		printf("],\"ppmSc\":");
		// libscap's events -> ppm_sc map, in its own order; NULL for events no syscall produces.
		const ppm_sc_code *sc = g_events_to_sc_map[code];
		if(sc == NULL) {
			printf("null");
		} else {
			putchar('[');
			for(int i = 0; sc[i] != (ppm_sc_code)-1; i++) {
				printf("%s%d", i == 0 ? "" : ",", (int)sc[i]);
			}
			putchar(']');
		}
		printf("}");
	}
	printf("]");
}

static void print_flag_tables(void) {
	printf(",\"flagTables\":[");
	for(size_t t = 0; t < COUNT(flag_tables); t++) {
		printf("%s{\"name\":", t == 0 ? "" : ",");
		print_string(flag_tables[t].name);
		printf(",\"entries\":[");
		// Each table ends with {0, 0}.
		const struct ppm_name_value *v = flag_tables[t].table;
		for(int i = 0; v[i].name != NULL; i++) {
			printf("%s[", i == 0 ? "" : ",");
			print_string(v[i].name);
			printf(",%lu]", (unsigned long)v[i].value);
		}
		printf("]}");
	}
	printf("]");
}

static void print_dyn_tables(void) {
	printf(",\"dynTables\":[");
	for(size_t t = 0; t < COUNT(dyn_tables); t++) {
		printf("%s{\"name\":", t == 0 ? "" : ",");
		print_string(dyn_tables[t].name);
		printf(",\"entries\":[");
		const struct ppm_param_info *p = dyn_tables[t].table;
		for(unsigned i = 0; i < dyn_lengths[t]; i++) {
			if(i > 0) {
				putchar(',');
			}
			print_param(&p[i]);
		}
		printf("]}");
	}
	printf("]");
}

// PPM_SC names as libscap's ppm_sc_names.c makes them: the PPM_SC_FIELDS name, lower-cased; "" where no code was
// assigned.
static void print_ppm_sc_names(void) {
	static const char *names[PPM_SC_MAX];
#define PPM_SC_X(name, value) names[value] = #name;
	PPM_SC_FIELDS
#undef PPM_SC_X
	printf(",\"ppmScNames\":[");
	for(int code = 0; code < PPM_SC_MAX; code++) {
		char lower[PPM_MAX_NAME_LEN] = "";
		if(names[code] != NULL) {
			size_t n = strlen(names[code]);
			if(n >= sizeof(lower)) {
				fail("a PPM_SC name is longer than PPM_MAX_NAME_LEN", code);
			}
			for(size_t i = 0; i <= n; i++) {
				lower[i] = (char)tolower((unsigned char)names[code][i]);
			}
		}
		if(code > 0) {
			putchar(',');
		}
		print_string(lower);
	}
	printf("]");
}

// Every slot of the x86_64 syscall table that libs fills: [native number, ppm_sc, UF_* flags, enter, exit].
static void print_syscalls(void) {
	printf(",\"syscalls\":[");
	bool first = true;
	for(int nr = 0; nr < SYSCALL_TABLE_SIZE; nr++) {
		const struct syscall_evt_pair *s = &g_syscall_table[nr];
		if(s->flags == 0 && s->enter_event_type == 0 && s->exit_event_type == 0 && s->ppm_sc == 0) {
			continue;
		}
		printf("%s[%d,%d,%d,%d,%d]",
		       first ? "" : ",",
		       nr,
		       (int)s->ppm_sc,
		       s->flags,
		       (int)s->enter_event_type,
		       (int)s->exit_event_type);
		first = false;
	}
	printf("]");
}

// The names libsinsp prints for errno and signal values: every value its functions answer.
static void print_errno_and_signal_names(void) {
	printf(",\"errnoNames\":[");
	bool first = true;
	for(int32_t n = 1; n <= 65535; n++) {
		const char *s = libs_errno_to_str(-n);
		if(s != NULL && s[0] != '\0') {
			printf("%s[%d,", first ? "" : ",", (int)n);
			print_string(s);
			putchar(']');
			first = false;
		}
	}
	printf("],\"signalNames\":[");
	first = true;
	for(int n = 0; n <= UINT8_MAX; n++) {
		const char *s = libs_signal_to_str((uint8_t)n);
		if(s != NULL) {
			printf("%s[%d,", first ? "" : ",", n);
			print_string(s);
			putchar(']');
			first = false;
		}
	}
	printf("]");
}

int main(void) {
	putchar('{');
	print_constants();
	print_events();
	print_flag_tables();
	print_dyn_tables();
	print_ppm_sc_names();
	print_syscalls();
	print_errno_and_signal_names();
	printf("}\n");
	return 0;
}
