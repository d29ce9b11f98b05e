#include <stdint.h>

/// Allocations made by the process so far (malloc, calloc, realloc, aligned).
uint64_t bench_allocation_count(void);
