/* Many periods' statuses as one table of columns
 * (styrkort_model_series_table_json): a tiny model worked out by hand, the
 * example municipality over a few periods, a tag, then the failures.
 *
 * The tiny model: one org kf, one indicator nmi at kf with a target of 61
 * for 2025 and two monthly measurements. By hand:
 *   2025-01  60 < 61  -> not_fulfilled
 *   2025-02  62 >= 61 -> fulfilled
 * so the table has two indicator rows, statuses not_fulfilled then
 * fulfilled, and no goal rows.
 *
 * Usage: series_table examples/exempelkommun.json */
#include "check.h"

#define S(lit) lit, sizeof(lit) - 1

static const char TINY[] =
    "{\"format\": \"styrkort/1\",\n"
    " \"organisation\": [{\"id\": \"kf\", \"name\": \"KF\", \"kind\": \"council\"}],\n"
    " \"indicators\": [{\"id\": \"nmi\", \"name\": \"NMI\", \"owner\": \"kf\",\n"
    "   \"targets\": [{\"period\": \"2025\", \"value\": \"61\"}],\n"
    "   \"measurements\": [{\"period\": \"2025-01\", \"value\": \"60\"},\n"
    "     {\"period\": \"2025-02\", \"value\": \"62\"}]}]}";

static const char FORMAT[] = "{\"format\":\"styrkort-series-table/1\"";

/* The number of entries of the JSON array that follows `key` (e.g.
 * "\"status\":[") in `json`, searching from `from`; -1 when not found.
 * The arrays counted hold strings without commas or brackets, numbers,
 * booleans and null, so counting commas is enough. */
static long array_len(const char *from, const char *key) {
  const char *p = strstr(from, key);
  if (p == NULL) return -1;
  p += strlen(key);
  if (*p == ']') return 0;
  long n = 1;
  for (; *p != '\0' && *p != ']'; p++) {
    if (*p == ',') n++;
  }
  return *p == ']' ? n : -1;
}

static const char *status_name(styrkort_fulfilment s) {
  switch (s) {
    case STYRKORT_FULFILMENT_FULFILLED: return "fulfilled";
    case STYRKORT_FULFILMENT_PARTLY_FULFILLED: return "partly_fulfilled";
    case STYRKORT_FULFILMENT_NOT_FULFILLED: return "not_fulfilled";
    case STYRKORT_FULFILMENT_NO_DATA: return "no_data";
    case STYRKORT_FULFILMENT_NOT_ASSESSED: return "not_assessed";
  }
  return "?";
}

/* The goals' `status` column the periods' evaluations give (tag or NULL),
 * as the table's JSON writes it: "status":["…",…]. A new string (free()). */
static char *goal_statuses(const styrkort_model *m, const char *list, const char *tag) {
  styrkort_evaluation *evals[3] = {NULL, NULL, NULL};
  size_t count = 0;
  styrkort_error *err = NULL;
  CHECK_STATUS(styrkort_model_evaluate_series(m, list, strlen(list), tag, tag ? strlen(tag) : 0,
                                              evals, 3, &count, &err),
               STYRKORT_OK, err);
  styrkort_error_free(err);
  err = NULL;
  size_t goals = 0;
  for (size_t k = 0; k < count; k++) {
    size_t n = 0;
    CHECK_STATUS(styrkort_evaluation_goal_count(evals[k], &n, &err), STYRKORT_OK, err);
    goals += n;
  }
  char *out = malloc(goals * 24 + 16);
  if (out == NULL) return NULL;
  strcpy(out, "\"status\":[");
  size_t at = strlen(out);
  for (size_t k = 0; k < count; k++) {
    size_t n = 0;
    CHECK_STATUS(styrkort_evaluation_goal_count(evals[k], &n, &err), STYRKORT_OK, err);
    for (size_t i = 0; i < n; i++) {
      char *id = NULL;
      size_t id_len = 0;
      styrkort_fulfilment s = STYRKORT_FULFILMENT_NOT_ASSESSED;
      CHECK_STATUS(styrkort_evaluation_goal_id(evals[k], i, &id, &id_len, &err), STYRKORT_OK,
                   err);
      CHECK_STATUS(styrkort_evaluation_goal_status(evals[k], id, id_len, &s, &err), STYRKORT_OK,
                   err);
      styrkort_string_free(id);
      at += (size_t)sprintf(out + at, "%s\"%s\"", at > 10 ? "," : "", status_name(s));
    }
    styrkort_evaluation_free(evals[k]);
  }
  strcpy(out + at, "]");
  return out;
}

static void tiny(void) {
  styrkort_model *m = NULL;
  styrkort_error *err = NULL;
  CHECK_STATUS(styrkort_model_from_json(TINY, sizeof TINY - 1, &m, &err), STYRKORT_OK, err);
  styrkort_error_free(err);
  err = NULL;

  char *json = NULL;
  CHECK_STATUS(styrkort_model_series_table_json(m, S("2025-01,2025-02"), NULL, 0, &json, &err),
               STYRKORT_OK, err);
  styrkort_error_free(err);
  err = NULL;
  CHECK(json != NULL && strncmp(json, FORMAT, sizeof FORMAT - 1) == 0);
  CHECK_CONTAINS(json, "\"periods\":[\"2025-01\",\"2025-02\"]");
  CHECK_CONTAINS(json, "\"tag\":null");
  CHECK_CONTAINS(json, "\"indicator_ids\":[\"nmi\"]");
  CHECK_CONTAINS(json, "\"org_ids\":[\"kf\"]");
  CHECK_CONTAINS(json, "\"goal_ids\":[]");
  const char *ind = json ? strstr(json, "\"indicators\":{") : NULL;
  CHECK(ind != NULL);
  if (ind != NULL) {
    CHECK(array_len(ind, "\"status\":[") == 2);
    CHECK(array_len(ind, "\"value\":[") == 2);
    CHECK_CONTAINS(ind, "\"indicator\":[0,0]");
    CHECK_CONTAINS(ind, "\"value\":[\"60\",\"62\"]");
    CHECK_CONTAINS(ind, "\"target\":[\"61\",\"61\"]");
    /* In order: not fulfilled in January, fulfilled in February. */
    CHECK_CONTAINS(ind, "\"status\":[\"not_fulfilled\",\"fulfilled\"]");
  }
  const char *goals = json ? strstr(json, "\"goals\":{") : NULL;
  CHECK(goals != NULL && array_len(goals, "\"status\":[") == 0);
  styrkort_string_free(json);

  /* An empty list: a table without rows. */
  json = NULL;
  CHECK_STATUS(styrkort_model_series_table_json(m, S(" , "), NULL, 0, &json, &err), STYRKORT_OK,
               err);
  CHECK_CONTAINS(json, "\"periods\":[]");
  CHECK_CONTAINS(json, "\"status\":[]");
  styrkort_string_free(json);
  styrkort_model_free(m);
}

static void example(const char *path) {
  size_t len = 0;
  char *text = read_file(path, &len);
  CHECK(text != NULL);
  if (text == NULL) return;
  styrkort_model *m = NULL;
  styrkort_error *err = NULL;
  CHECK_STATUS(styrkort_model_from_json(text, len, &m, &err), STYRKORT_OK, err);
  free(text);
  styrkort_error_free(err);
  err = NULL;

  for (int tagged = 0; tagged < 2; tagged++) {
    const char *tag = tagged ? "environment" : NULL;
    char *json = NULL;
    CHECK_STATUS(styrkort_model_series_table_json(m, S("2025-03 2025T1,2025"), tag,
                                                  tag ? strlen(tag) : 0, &json, &err),
                 STYRKORT_OK, err);
    styrkort_error_free(err);
    err = NULL;
    CHECK(json != NULL && strncmp(json, FORMAT, sizeof FORMAT - 1) == 0);
    CHECK_CONTAINS(json, "\"periods\":[\"2025-03\",\"2025T1\",\"2025\"]");
    CHECK_CONTAINS(json, tagged ? "\"tag\":\"environment\"" : "\"tag\":null");
    /* The goal rows are the three evaluations' goals, in order: their
     * statuses, one by one. */
    const char *goals = json ? strstr(json, "\"goals\":{") : NULL;
    CHECK(goals != NULL);
    char *want = goal_statuses(m, "2025-03,2025T1,2025", tag);
    CHECK(want != NULL && strlen(want) > 20);
    if (goals != NULL && want != NULL) {
      CHECK(strncmp(strstr(goals, "\"status\":["), want, strlen(want)) == 0);
    }
    free(want);
    styrkort_string_free(json);
  }
  styrkort_model_free(m);
}

static void failures(void) {
  styrkort_model *m = NULL;
  styrkort_error *err = NULL;
  CHECK_STATUS(styrkort_model_from_json(TINY, sizeof TINY - 1, &m, &err), STYRKORT_OK, err);
  styrkort_error_free(err);
  err = NULL;
  char *json = (char *)1;

  /* NULL model: the code and a message naming it; *json_out is NULL. */
  CHECK_STATUS(styrkort_model_series_table_json(NULL, S("2025"), NULL, 0, &json, &err),
               STYRKORT_NULL_ARGUMENT, err);
  CHECK(json == NULL);
  CHECK(err != NULL && styrkort_error_code(err) == STYRKORT_NULL_ARGUMENT);
  CHECK_CONTAINS(styrkort_error_message(err), "model");
  styrkort_error_free(err);
  err = NULL;

  /* A bad period is named; nothing is written. */
  json = (char *)1;
  CHECK_STATUS(styrkort_model_series_table_json(m, S("2025-01,2025-13"), NULL, 0, &json, &err),
               STYRKORT_PERIOD, err);
  CHECK(json == NULL);
  CHECK_CONTAINS(styrkort_error_message(err), "2025-13");
  styrkort_error_free(err);
  err = NULL;

  /* NULL periods, NULL json_out, a tag that is not UTF-8; err may be NULL. */
  CHECK_STATUS(styrkort_model_series_table_json(m, NULL, 0, NULL, 0, &json, &err),
               STYRKORT_NULL_ARGUMENT, err);
  CHECK_CONTAINS(styrkort_error_message(err), "periods");
  styrkort_error_free(err);
  err = NULL;
  CHECK_STATUS(styrkort_model_series_table_json(m, S("2025"), NULL, 0, NULL, &err),
               STYRKORT_NULL_ARGUMENT, err);
  CHECK_CONTAINS(styrkort_error_message(err), "json_out");
  styrkort_error_free(err);
  err = NULL;
  CHECK_STATUS(styrkort_model_series_table_json(m, S("2025"), S("\xff"), &json, &err),
               STYRKORT_INVALID_UTF8, err);
  CHECK_CONTAINS(styrkort_error_message(err), "tag");
  styrkort_error_free(err);
  err = NULL;
  CHECK_STATUS(styrkort_model_series_table_json(m, S("2025,\xff"), NULL, 0, &json, &err),
               STYRKORT_INVALID_UTF8, err);
  CHECK_CONTAINS(styrkort_error_message(err), "periods");
  styrkort_error_free(err);
  CHECK(styrkort_model_series_table_json(m, S("2025T4"), NULL, 0, &json, NULL) ==
        STYRKORT_PERIOD);

  /* A model with validation errors. */
  styrkort_model *bad = NULL;
  static const char BAD[] =
      "{\"format\": \"styrkort/1\", \"organisation\": [{\"id\": \"kf\", \"name\": \"KF\","
      " \"kind\": \"council\", \"parent\": \"nowhere\"}]}";
  err = NULL;
  CHECK_STATUS(styrkort_model_from_json(BAD, sizeof BAD - 1, &bad, &err), STYRKORT_OK, err);
  CHECK_STATUS(styrkort_model_series_table_json(bad, S("2025"), NULL, 0, &json, &err),
               STYRKORT_INVALID_MODEL, err);
  CHECK(json == NULL);
  styrkort_error_free(err);
  styrkort_model_free(bad);
  styrkort_model_free(m);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s examples/exempelkommun.json\n", argv[0]);
    return 2;
  }
  tiny();
  example(argv[1]);
  failures();
  return check_done("series_table");
}
