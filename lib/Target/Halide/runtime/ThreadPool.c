/*===- ThreadPool.c - the parallel loops of a compiled network ------------===
 *
 * Linked into every object nncc emits (as bitcode built for each target
 * architecture) and installed as Halide's do_par_for. Halide's own pool hands
 * a loop's tasks to whichever thread asks next and puts idle workers to sleep
 * on a condition variable. A network is a sequence of short parallel loops
 * (tens of microseconds each), so that cost twice: every loop paid a worker
 * wake-up, and a thread's tasks changed from layer to layer, so half of what
 * a layer read was in the other core's cache. Here thread t always runs the
 * t-th contiguous share of a loop's tasks, and workers spin a while for the
 * next loop before they sleep on a futex.
 *
 * Freestanding: no headers, so one source builds for x86-64 and AArch64
 * without a sysroot. Functions are weak: objects linked into one program
 * share one pool.
 *===----------------------------------------------------------------------===*/

typedef unsigned char uint8_t;
typedef int (*task_fn)(void *user_context, int index, uint8_t *closure);

int pthread_create(unsigned long *thread, const void *attr,
                   void *(*start)(void *), void *arg);
int pthread_detach(unsigned long thread);
long syscall(long number, ...);
long sysconf(int name);
char *getenv(const char *name);
int atoi(const char *text);
int sched_yield(void);

#if defined(__x86_64__)
#define SYS_FUTEX 202
#define CPU_RELAX() __builtin_ia32_pause()
#elif defined(__aarch64__)
#define SYS_FUTEX 98
#define CPU_RELAX() __asm__ volatile("yield")
#else
#error "nncc's thread pool supports x86-64 and AArch64"
#endif
#define FUTEX_WAIT_PRIVATE 128
#define FUTEX_WAKE_PRIVATE 129
#define SC_NPROCESSORS_ONLN 84
#define MAX_THREADS 64
/* About a millisecond of spinning before a worker sleeps, giving the core
 * away every YIELD_SPINS spins in case another thread is waiting for it
 * (more threads than cores). */
#define SPINS (1 << 16)
#define YIELD_SPINS 1024

#define WEAK __attribute__((weak, visibility("hidden")))

/* The loop being run. A new loop bumps `generation` after filling the
 * fields; every started worker then reports on `finished`, whether or not
 * the loop had a share for it, so no worker still reads the fields when the
 * next loop writes them. */
static struct {
  task_fn fn;
  void *user_context;
  uint8_t *closure;
  int min, size, threads;
  int generation;
  int finished;
  int status;
  int sleepers;
} loop;

static int wanted;  /* threads to use; 0 until the first loop */
static int started; /* workers running (thread 0 is the caller) */
static int busy;    /* a caller's loop is in the workers' hands */
static int firstGeneration[MAX_THREADS];
static _Thread_local int inLoop;

static int load(int *p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }

static int runTasks(task_fn fn, void *user_context, int from, int to,
                    uint8_t *closure) {
  for (int i = from; i < to; ++i) {
    int status = fn(user_context, i, closure);
    if (status != 0)
      return status;
  }
  return 0;
}

/* Thread t's contiguous share of the current loop. */
static int runShare(int t) {
  int from = (int)((long)loop.size * t / loop.threads);
  int to = (int)((long)loop.size * (t + 1) / loop.threads);
  return runTasks(loop.fn, loop.user_context, loop.min + from, loop.min + to,
                  loop.closure);
}

static void *worker(void *arg) {
  int t = (int)(long)arg;
  int seen = firstGeneration[t];
  inLoop = 1;
  for (;;) {
    int spins = 0;
    int generation;
    while ((generation = load(&loop.generation)) == seen) {
      if (++spins < SPINS) {
        if (spins % YIELD_SPINS == 0)
          sched_yield();
        else
          CPU_RELAX();
        continue;
      }
      __atomic_fetch_add(&loop.sleepers, 1, __ATOMIC_SEQ_CST);
      if (load(&loop.generation) == seen)
        syscall(SYS_FUTEX, &loop.generation, FUTEX_WAIT_PRIVATE, seen, 0, 0,
                0);
      __atomic_fetch_sub(&loop.sleepers, 1, __ATOMIC_SEQ_CST);
      spins = 0;
    }
    seen = generation;
    if (t < loop.threads) {
      int status = runShare(t);
      if (status != 0)
        __atomic_store_n(&loop.status, status, __ATOMIC_RELAXED);
    }
    __atomic_fetch_add(&loop.finished, 1, __ATOMIC_RELEASE);
  }
  return 0;
}

static int defaultThreads(void) {
  const char *env = getenv("HL_NUM_THREADS");
  int n = env ? atoi(env) : (int)sysconf(SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : n;
}

/* Not during a run, as halide_set_num_threads. */
WEAK void nncc_pool_set_threads(int n) {
  wanted = n < 1 ? 1 : n > MAX_THREADS ? MAX_THREADS : n;
}

WEAK int nncc_pool_par_for(void *user_context, task_fn fn, int min, int size,
                           uint8_t *closure) {
  if (__atomic_load_n(&wanted, __ATOMIC_RELAXED) == 0)
    nncc_pool_set_threads(defaultThreads());
  int threads = wanted < size ? wanted : size;
  /* One thread, a loop inside a loop, or the workers busy with another
   * caller's loop (concurrent runs of a network): run here. */
  int idle = 0;
  if (threads <= 1 || inLoop ||
      !__atomic_compare_exchange_n(&busy, &idle, 1, 0, __ATOMIC_ACQUIRE,
                                   __ATOMIC_RELAXED))
    return runTasks(fn, user_context, min, min + size, closure);
  while (started < threads - 1) {
    unsigned long thread;
    firstGeneration[started + 1] = loop.generation;
    if (pthread_create(&thread, 0, worker, (void *)(long)(started + 1)) != 0)
      break;
    pthread_detach(thread);
    ++started;
  }
  if (threads > started + 1)
    threads = started + 1;
  loop.fn = fn;
  loop.user_context = user_context;
  loop.closure = closure;
  loop.min = min;
  loop.size = size;
  loop.threads = threads;
  loop.status = 0;
  __atomic_store_n(&loop.finished, 0, __ATOMIC_RELAXED);
  __atomic_fetch_add(&loop.generation, 1, __ATOMIC_SEQ_CST);
  if (__atomic_load_n(&loop.sleepers, __ATOMIC_SEQ_CST) > 0)
    syscall(SYS_FUTEX, &loop.generation, FUTEX_WAKE_PRIVATE, MAX_THREADS, 0,
            0, 0);
  inLoop = 1;
  int status = runShare(0);
  inLoop = 0;
  for (int spins = 1; load(&loop.finished) < started; ++spins)
    if (spins % YIELD_SPINS == 0)
      sched_yield();
    else
      CPU_RELAX();
  if (status == 0)
    status = __atomic_load_n(&loop.status, __ATOMIC_RELAXED);
  __atomic_store_n(&busy, 0, __ATOMIC_RELEASE);
  return status;
}
