/* How much stack the library needs: loads a model, validates it,
 * evaluates it for a period, writes the evaluation and the dialogue brief
 * between two orgs, all on a thread whose stack is STACK_KIB KiB (what a
 * host's thread pool gives its workers). Exit 0 when every call returned
 * (OK or an error status); a stack overflow kills the process (SIGSEGV),
 * which is what scripts/stack-size measures.
 * Usage: stack STACK_KIB MODEL.json PERIOD [UPPER LOWER] */
#define _POSIX_C_SOURCE 200809L
#include <limits.h>
#include <pthread.h>

#include "check.h"

struct job {
  const char *path, *period, *upper, *lower;
  int status;
};

static void *work(void *arg) {
  struct job *job = arg;
  size_t len = 0;
  char *json = read_file(job->path, &len);
  if (json == NULL) {
    job->status = 2;
    return NULL;
  }
  styrkort_model *m = NULL;
  styrkort_evaluation *e = NULL;
  char *out = NULL;
  styrkort_status s = styrkort_model_from_json(json, len, &m, NULL);
  free(json);
  if (s == STYRKORT_OK) {
    styrkort_model_validate_json(m, &out, NULL, NULL);
    styrkort_string_free(out);
    styrkort_model_to_json(m, &out, NULL, NULL);
    styrkort_string_free(out);
    s = styrkort_model_evaluate(m, job->period, strlen(job->period), &e, NULL);
  }
  if (s == STYRKORT_OK) {
    styrkort_evaluation_to_json(e, &out, NULL, NULL);
    styrkort_string_free(out);
    if (job->upper != NULL) {
      styrkort_evaluation_dialogue_json(e, job->upper, strlen(job->upper), job->lower,
                                        strlen(job->lower), &out, NULL, NULL);
      styrkort_string_free(out);
    }
  }
  printf("status %d\n", (int)s);
  styrkort_evaluation_free(e);
  styrkort_model_free(m);
  return NULL;
}

int main(int argc, char **argv) {
  if (argc != 4 && argc != 6) {
    fprintf(stderr, "usage: stack STACK_KIB MODEL.json PERIOD [UPPER LOWER]\n");
    return 2;
  }
  size_t kib = (size_t)strtoul(argv[1], NULL, 10);
  struct job job = {argv[2], argv[3], argc == 6 ? argv[4] : NULL, argc == 6 ? argv[5] : NULL, 0};
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  size_t bytes = kib * 1024;
  if (bytes < PTHREAD_STACK_MIN) bytes = PTHREAD_STACK_MIN;
  if (pthread_attr_setstacksize(&attr, bytes) != 0) return 2;
  pthread_t t;
  if (pthread_create(&t, &attr, work, &job) != 0) return 2;
  pthread_join(t, NULL);
  pthread_attr_destroy(&attr);
  return job.status;
}
