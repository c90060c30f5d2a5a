/* One model and one evaluation read from several threads at once: every
 * thread must get the same bytes as the main thread. Then an engine made in
 * the main thread is updated in another (one thread at a time, handed over
 * by pthread_create/pthread_join) and read back in the main thread. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>

#include "check.h"

#define THREADS 4
#define ROUNDS 5

static const styrkort_model *model;
static const styrkort_evaluation *evaluation;
static const char *reference;

static void *work(void *arg) {
  (void)arg;
  long bad = 0;
  for (int i = 0; i < ROUNDS; i++) {
    char *out = NULL;
    size_t len = 0;
    if (styrkort_model_evaluate_json(model, "2025", 4, &out, &len, NULL) != STYRKORT_OK ||
        strcmp(out, reference) != 0) {
      bad++;
    }
    styrkort_string_free(out);
    styrkort_fulfilment st;
    if (styrkort_evaluation_goal_status(evaluation, "kf-1", 4, &st, NULL) != STYRKORT_OK ||
        st != STYRKORT_FULFILMENT_PARTLY_FULFILLED) {
      bad++;
    }
  }
  return (void *)bad;
}

/* nmi@kf: 60 against target 62, warning 58 -> partly; set to 62 -> fulfilled. */
static void *update_engine(void *arg) {
  styrkort_engine *engine = arg;
  long bad = 0;
  if (styrkort_engine_set_measurement(engine, "nmi", 3, NULL, 0, "2025", 4, "62", 2, NULL) !=
      STYRKORT_OK) {
    bad++;
  }
  return (void *)bad;
}

int main(int argc, char **argv) {
  if (argc != 2) return 2;
  size_t len = 0;
  char *json = read_file(argv[1], &len);
  styrkort_model *m = NULL;
  styrkort_evaluation *e = NULL;
  char *ref = NULL;
  styrkort_error *err = NULL;
  CHECK_STATUS(styrkort_model_from_json(json, len, &m, &err), STYRKORT_OK, err);
  CHECK_STATUS(styrkort_model_evaluate(m, "2025", 4, &e, &err), STYRKORT_OK, err);
  CHECK_STATUS(styrkort_evaluation_to_json(e, &ref, NULL, &err), STYRKORT_OK, err);
  free(json);
  if (ref == NULL) return check_done("threads");
  model = m;
  evaluation = e;
  reference = ref;
  pthread_t t[THREADS];
  for (int i = 0; i < THREADS; i++) CHECK(pthread_create(&t[i], NULL, work, NULL) == 0);
  for (int i = 0; i < THREADS; i++) {
    void *bad = NULL;
    CHECK(pthread_join(t[i], &bad) == 0);
    CHECK(bad == NULL);
  }
  styrkort_engine *engine = NULL;
  CHECK_STATUS(styrkort_engine_new(m, "2025", 4, NULL, 0, &engine, &err), STYRKORT_OK, err);
  if (engine != NULL) {
    pthread_t u;
    void *bad = NULL;
    CHECK(pthread_create(&u, NULL, update_engine, engine) == 0);
    CHECK(pthread_join(u, &bad) == 0);
    CHECK(bad == NULL);
    styrkort_evaluation *after = NULL;
    styrkort_fulfilment st = (styrkort_fulfilment)0;
    CHECK_STATUS(styrkort_engine_evaluation(engine, &after, &err), STYRKORT_OK, err);
    CHECK_STATUS(styrkort_evaluation_indicator_status(after, "nmi", 3, "kf", 2, &st, &err),
                 STYRKORT_OK, err);
    CHECK(st == STYRKORT_FULFILMENT_FULFILLED);
    styrkort_evaluation_free(after);
    styrkort_engine_free(engine);
  }
  styrkort_string_free(ref);
  styrkort_evaluation_free(e);
  styrkort_model_free(m);
  return check_done("threads");
}
