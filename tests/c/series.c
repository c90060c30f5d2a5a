/* Many periods through one call (styrkort_model_evaluate_series): each
 * evaluation is byte for byte the evaluation of its period alone, values
 * worked out by hand, then the failures.
 *
 * The model: kf (council) > a, b (boards); indicator ind at kf,
 * consolidation sum, measured at a and b by month; goal kf-1 (tag ekonomi)
 * links it. By hand, ind at kf:
 *   2025-01  a 1 + b 2 = 3
 *   2025-02  a 3 + b 4 = 7 (previous 3: improving)
 *   2025-03  a 5        = 5 (previous 7: worsening)
 *   2025     no yearly measurement anywhere: no value */
#include "check.h"

#define S(lit) lit, sizeof(lit) - 1

static const char MODEL[] =
    "{\"format\": \"styrkort/1\",\n"
    " \"organisation\": [{\"id\": \"kf\", \"name\": \"KF\", \"kind\": \"council\"},\n"
    "   {\"id\": \"a\", \"name\": \"A\", \"kind\": \"board\", \"parent\": \"kf\"},\n"
    "   {\"id\": \"b\", \"name\": \"B\", \"kind\": \"board\", \"parent\": \"kf\"}],\n"
    " \"indicators\": [{\"id\": \"ind\", \"name\": \"I\", \"owner\": \"kf\",\n"
    "   \"consolidation\": \"sum\",\n"
    "   \"measurements\": [{\"period\": \"2025-01\", \"value\": \"1\", \"org\": \"a\"},\n"
    "     {\"period\": \"2025-01\", \"value\": \"2\", \"org\": \"b\"},\n"
    "     {\"period\": \"2025-02\", \"value\": \"3\", \"org\": \"a\"},\n"
    "     {\"period\": \"2025-02\", \"value\": \"4\", \"org\": \"b\"},\n"
    "     {\"period\": \"2025-03\", \"value\": \"5\", \"org\": \"a\"}]}],\n"
    " \"goals\": [{\"id\": \"kf-1\", \"title\": \"T\", \"level\": \"council\",\n"
    "   \"perspective\": \"economy\", \"owner\": \"kf\", \"tags\": [\"ekonomi\"],\n"
    "   \"indicators\": [{\"indicator\": \"ind\"}]}]}";

static const char *const PERIODS[] = {"2025-01", "2025-02", "2025-03", "2025"};
#define N 4

/* Each evaluation of the series against the period alone (tag or NULL). */
static void same_as_alone(const styrkort_model *m, styrkort_evaluation *const *evals,
                          const char *tag) {
  for (int k = 0; k < N; k++) {
    styrkort_error *err = NULL;
    char *got = NULL, *want = NULL;
    size_t got_len = 0, want_len = 0;
    CHECK_STATUS(styrkort_evaluation_to_json(evals[k], &got, &got_len, &err), STYRKORT_OK, err);
    styrkort_error_free(err);
    err = NULL;
    styrkort_status s =
        tag ? styrkort_model_evaluate_tagged_json(m, PERIODS[k], strlen(PERIODS[k]), tag,
                                                  strlen(tag), &want, &want_len, &err)
            : styrkort_model_evaluate_json(m, PERIODS[k], strlen(PERIODS[k]), &want, &want_len,
                                           &err);
    CHECK_STATUS(s, STYRKORT_OK, err);
    styrkort_error_free(err);
    check_same(PERIODS[k], got, got_len, want, want_len);
    styrkort_string_free(got);
    styrkort_string_free(want);
  }
}

static void value_is(const styrkort_evaluation *e, const char *want) {
  styrkort_error *err = NULL;
  char *v = NULL;
  CHECK_STATUS(styrkort_evaluation_indicator_value(e, S("ind"), S("kf"), &v, NULL, &err),
               STYRKORT_OK, err);
  styrkort_error_free(err);
  if (want == NULL) {
    CHECK(v == NULL);
  } else {
    CHECK_STR(v, want);
  }
  styrkort_string_free(v);
}

int main(void) {
  styrkort_model *m = NULL;
  styrkort_error *err = NULL;
  CHECK_STATUS(styrkort_model_from_json(MODEL, sizeof MODEL - 1, &m, &err), STYRKORT_OK, err);
  styrkort_error_free(err);
  err = NULL;

  /* Commas, spaces and a newline all separate. */
  static const char LIST[] = "2025-01, 2025-02\n2025-03 2025";
  styrkort_evaluation *evals[6];
  size_t count = 99;
  CHECK_STATUS(styrkort_model_evaluate_series(m, S(LIST), NULL, 0, evals, 6, &count, &err),
               STYRKORT_OK, err);
  styrkort_error_free(err);
  err = NULL;
  CHECK(count == N);
  CHECK(evals[4] == NULL && evals[5] == NULL);
  if (count == N) same_as_alone(m, evals, NULL);
  /* The model may go first: the evaluations keep what they need. */
  styrkort_model_free(m);
  if (count == N) {
    value_is(evals[0], "3");
    value_is(evals[1], "7");
    value_is(evals[2], "5");
    value_is(evals[3], NULL);
    char *json = NULL;
    CHECK_STATUS(styrkort_evaluation_to_json(evals[2], &json, NULL, &err), STYRKORT_OK, err);
    CHECK_CONTAINS(json, "\"trend\": \"worsening\"");
    styrkort_string_free(json);
  }
  for (size_t k = 0; k < count && k < 6; k++) styrkort_evaluation_free(evals[k]);
  styrkort_model *m2 = NULL;
  CHECK_STATUS(styrkort_model_from_json(MODEL, sizeof MODEL - 1, &m2, &err), STYRKORT_OK, err);

  /* Narrowed to a tag. */
  CHECK_STATUS(
      styrkort_model_evaluate_series(m2, S(LIST), S("ekonomi"), evals, N, &count, &err),
      STYRKORT_OK, err);
  CHECK(count == N);
  if (count == N) same_as_alone(m2, evals, "ekonomi");
  for (size_t k = 0; k < count && k < N; k++) styrkort_evaluation_free(evals[k]);

  /* Too small an array: the count needed, nothing made. */
  evals[0] = evals[1] = (styrkort_evaluation *)1;
  CHECK_STATUS(styrkort_model_evaluate_series(m2, S(LIST), NULL, 0, evals, 2, &count, &err),
               STYRKORT_INVALID_ARGUMENT, err);
  CHECK(count == N);
  CHECK(evals[0] == NULL && evals[1] == NULL);
  CHECK_CONTAINS(styrkort_error_message(err), "capacity");
  styrkort_error_free(err);
  err = NULL;

  /* A bad period is named. */
  CHECK_STATUS(
      styrkort_model_evaluate_series(m2, S("2025-01,2025-13"), NULL, 0, evals, 6, &count, &err),
      STYRKORT_PERIOD, err);
  CHECK(count == 0);
  CHECK_CONTAINS(styrkort_error_message(err), "2025-13");
  styrkort_error_free(err);
  err = NULL;

  /* An empty list: no evaluations, and the array may be NULL. */
  CHECK_STATUS(styrkort_model_evaluate_series(m2, S(" "), NULL, 0, NULL, 0, &count, &err),
               STYRKORT_OK, err);
  CHECK(count == 0);

  /* NULL arguments. */
  CHECK_STATUS(styrkort_model_evaluate_series(NULL, S(LIST), NULL, 0, evals, 6, &count, &err),
               STYRKORT_NULL_ARGUMENT, err);
  styrkort_error_free(err);
  err = NULL;
  CHECK_STATUS(styrkort_model_evaluate_series(m2, S(LIST), NULL, 0, NULL, 6, &count, &err),
               STYRKORT_NULL_ARGUMENT, err);
  styrkort_error_free(err);
  err = NULL;
  CHECK_STATUS(styrkort_model_evaluate_series(m2, S(LIST), NULL, 0, evals, 6, NULL, &err),
               STYRKORT_NULL_ARGUMENT, err);
  styrkort_error_free(err);

  styrkort_model_free(m2);
  return check_done("series");
}
