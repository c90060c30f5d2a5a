/* Every error path of the C ABI: each function with NULL for each pointer
 * argument (the nullable ones: tag, org, value, accept NULL), invalid UTF-8
 * in each string argument, an unknown conflict policy, malformed JSON (the
 * message names the JSON path), bad periods, an invalid model, unknown ids,
 * an index out of range, and the NULL-safety of every free. */
#include "check.h"

#define S(lit) lit, sizeof(lit) - 1

static const char MODEL[] =
    "{\"format\": \"styrkort/1\","
    " \"organisation\": [{\"id\": \"kf\", \"name\": \"KF\", \"kind\": \"council\"},"
    "   {\"id\": \"bn\", \"name\": \"BN\", \"kind\": \"board\", \"parent\": \"kf\"}],"
    " \"indicators\": [{\"id\": \"nmi\", \"name\": \"NMI\", \"owner\": \"kf\","
    "   \"targets\": [{\"period\": \"2025\", \"value\": \"62\"}],"
    "   \"measurements\": [{\"period\": \"2025\", \"value\": \"63\"}]}],"
    " \"goals\": [{\"id\": \"kf-1\", \"title\": \"T\", \"level\": \"council\","
    "   \"perspective\": \"citizen\", \"owner\": \"kf\", \"indicators\": [{\"indicator\": \"nmi\"}]}]}";

static const char BAD_UTF8[] = "k\xff";

/* Checks a failed call: its status, the error's code, that the message
 * contains `needle`, then frees the error. */
static void expect(int line, styrkort_status got, styrkort_status want, styrkort_error *err,
                   const char *needle) {
  if (got != want) {
    fprintf(stderr, "errors.c:%d: status %d, want %d (%s)\n", line, (int)got, (int)want,
            styrkort_error_message(err));
    check_failures++;
  }
  if (err == NULL) {
    fprintf(stderr, "errors.c:%d: no error object\n", line);
    check_failures++;
  } else {
    if (styrkort_error_code(err) != want) {
      fprintf(stderr, "errors.c:%d: error code %d, want %d\n", line,
              (int)styrkort_error_code(err), (int)want);
      check_failures++;
    }
    if (needle != NULL && strstr(styrkort_error_message(err), needle) == NULL) {
      fprintf(stderr, "errors.c:%d: message \"%s\" lacks \"%s\"\n", line,
              styrkort_error_message(err), needle);
      check_failures++;
    }
  }
  styrkort_error_free(err);
}

#define EXPECT(call, want, needle)                 \
  do {                                             \
    styrkort_error *err_ = NULL;                   \
    styrkort_error **err = &err_;                  \
    styrkort_status st_ = (call);                  \
    expect(__LINE__, st_, want, err_, needle);     \
  } while (0)

#define EXPECT_NULL(call, arg) EXPECT(call, STYRKORT_NULL_ARGUMENT, "`" arg "`")
#define EXPECT_UTF8(call, arg) EXPECT(call, STYRKORT_INVALID_UTF8, "`" arg "`")

/* A string output must be NULL / 0 after a failure. */
#define POISON_STR() (out = (char *)BAD_UTF8, out_len = 77)
#define CHECK_CLEARED() CHECK(out == NULL && out_len == 0)

int main(void) {
  styrkort_model *m = NULL;
  styrkort_evaluation *e = NULL;
  styrkort_error *first = NULL;
  CHECK_STATUS(styrkort_model_from_json(MODEL, strlen(MODEL), &m, &first), STYRKORT_OK, first);
  CHECK_STATUS(styrkort_model_evaluate(m, S("2025"), &e, &first), STYRKORT_OK, first);
  if (m == NULL || e == NULL) return check_done("errors");

  char *out = NULL;
  size_t out_len = 0, count = 0;
  styrkort_model *mo = NULL;
  styrkort_evaluation *eo = NULL;
  styrkort_fulfilment st;
  styrkort_balance bal;

  /* ---- NULL for each pointer argument ---- */
  EXPECT_NULL(styrkort_model_from_json(NULL, 0, &mo, err), "json");
  EXPECT_NULL(styrkort_model_from_json(NULL, 5, &mo, err), "json");
  EXPECT_NULL(styrkort_model_from_json(MODEL, strlen(MODEL), NULL, err), "model_out");
  CHECK(mo == NULL);

  POISON_STR();
  EXPECT_NULL(styrkort_model_to_json(NULL, &out, &out_len, err), "model");
  CHECK_CLEARED();
  EXPECT_NULL(styrkort_model_to_json(m, NULL, &out_len, err), "out");
  POISON_STR();
  EXPECT_NULL(styrkort_model_validate_json(NULL, &out, &out_len, err), "model");
  CHECK_CLEARED();
  EXPECT_NULL(styrkort_model_validate_json(m, NULL, NULL, err), "out");

  POISON_STR();
  EXPECT_NULL(styrkort_model_evaluate_json(NULL, S("2025"), &out, &out_len, err), "model");
  CHECK_CLEARED();
  EXPECT_NULL(styrkort_model_evaluate_json(m, NULL, 4, &out, &out_len, err), "period");
  EXPECT_NULL(styrkort_model_evaluate_json(m, S("2025"), NULL, &out_len, err), "out");
  EXPECT_NULL(styrkort_model_evaluate_tagged_json(NULL, S("2025"), S("x"), &out, NULL, err), "model");
  EXPECT_NULL(styrkort_model_evaluate_tagged_json(m, NULL, 0, S("x"), &out, NULL, err), "period");
  EXPECT_NULL(styrkort_model_evaluate_tagged_json(m, S("2025"), NULL, 1, &out, NULL, err), "tag");
  EXPECT_NULL(styrkort_model_evaluate_tagged_json(m, S("2025"), S("x"), NULL, NULL, err), "out");

  eo = (styrkort_evaluation *)BAD_UTF8;
  EXPECT_NULL(styrkort_model_evaluate(NULL, S("2025"), &eo, err), "model");
  CHECK(eo == NULL);
  EXPECT_NULL(styrkort_model_evaluate(m, NULL, 4, &eo, err), "period");
  EXPECT_NULL(styrkort_model_evaluate(m, S("2025"), NULL, err), "evaluation_out");
  EXPECT_NULL(styrkort_model_evaluate_tagged(NULL, S("2025"), S("x"), &eo, err), "model");
  EXPECT_NULL(styrkort_model_evaluate_tagged(m, NULL, 4, S("x"), &eo, err), "period");
  EXPECT_NULL(styrkort_model_evaluate_tagged(m, S("2025"), NULL, 0, &eo, err), "tag");
  EXPECT_NULL(styrkort_model_evaluate_tagged(m, S("2025"), S("x"), NULL, err), "evaluation_out");
  CHECK(eo == NULL);

  POISON_STR();
  EXPECT_NULL(styrkort_evaluation_to_json(NULL, &out, &out_len, err), "evaluation");
  CHECK_CLEARED();
  EXPECT_NULL(styrkort_evaluation_to_json(e, NULL, &out_len, err), "out");

  EXPECT_NULL(styrkort_evaluation_dialogue_json(NULL, S("kf"), S("bn"), &out, NULL, err), "evaluation");
  EXPECT_NULL(styrkort_evaluation_dialogue_json(e, NULL, 2, S("bn"), &out, NULL, err), "upper");
  EXPECT_NULL(styrkort_evaluation_dialogue_json(e, S("kf"), NULL, 2, &out, NULL, err), "lower");
  EXPECT_NULL(styrkort_evaluation_dialogue_json(e, S("kf"), S("bn"), NULL, NULL, err), "out");
  EXPECT_NULL(styrkort_evaluation_assignments_json(NULL, S("kf"), &out, NULL, err), "evaluation");
  EXPECT_NULL(styrkort_evaluation_assignments_json(e, S("kf"), NULL, NULL, err), "out");
  EXPECT_NULL(styrkort_evaluation_what_if_json(NULL, S("kf-1"), S("fulfilled"), &out, NULL, err), "evaluation");
  EXPECT_NULL(styrkort_evaluation_what_if_json(e, NULL, 4, S("fulfilled"), &out, NULL, err), "goal");
  EXPECT_NULL(styrkort_evaluation_what_if_json(e, S("kf-1"), NULL, 9, &out, NULL, err), "wanted");
  EXPECT_NULL(styrkort_evaluation_what_if_json(e, S("kf-1"), S("fulfilled"), NULL, NULL, err), "out");
  EXPECT_NULL(styrkort_model_evaluate_compared(NULL, S("2025"), NULL, 0, S("[]"), &eo, err), "model");
  EXPECT_NULL(styrkort_model_evaluate_compared(m, S("2025"), NULL, 0, NULL, 2, &eo, err), "kolada_json");
  EXPECT_NULL(styrkort_model_evaluate_compared(m, S("2025"), NULL, 0, S("[]"), NULL, err), "evaluation_out");

  count = 42;
  EXPECT_NULL(styrkort_evaluation_goal_count(NULL, &count, err), "evaluation");
  CHECK(count == 0);
  EXPECT_NULL(styrkort_evaluation_goal_count(e, NULL, err), "count_out");
  EXPECT_NULL(styrkort_evaluation_goal_id(NULL, 0, &out, &out_len, err), "evaluation");
  EXPECT_NULL(styrkort_evaluation_goal_id(e, 0, NULL, &out_len, err), "out");

  EXPECT_NULL(styrkort_evaluation_goal_status(NULL, S("kf-1"), &st, err), "evaluation");
  EXPECT_NULL(styrkort_evaluation_goal_status(e, NULL, 4, &st, err), "goal");
  EXPECT_NULL(styrkort_evaluation_goal_status(e, S("kf-1"), NULL, err), "status_out");
  EXPECT_NULL(styrkort_evaluation_goal_score(NULL, S("kf-1"), &out, NULL, err), "evaluation");
  EXPECT_NULL(styrkort_evaluation_goal_score(e, NULL, 4, &out, NULL, err), "goal");
  EXPECT_NULL(styrkort_evaluation_goal_score(e, S("kf-1"), NULL, NULL, err), "out");

  EXPECT_NULL(styrkort_evaluation_indicator_status(NULL, S("nmi"), S("kf"), &st, err), "evaluation");
  EXPECT_NULL(styrkort_evaluation_indicator_status(e, NULL, 3, S("kf"), &st, err), "indicator");
  EXPECT_NULL(styrkort_evaluation_indicator_status(e, S("nmi"), NULL, 2, &st, err), "org");
  EXPECT_NULL(styrkort_evaluation_indicator_status(e, S("nmi"), S("kf"), NULL, err), "status_out");
  EXPECT_NULL(styrkort_evaluation_indicator_value(NULL, S("nmi"), S("kf"), &out, NULL, err), "evaluation");
  EXPECT_NULL(styrkort_evaluation_indicator_value(e, NULL, 3, S("kf"), &out, NULL, err), "indicator");
  EXPECT_NULL(styrkort_evaluation_indicator_value(e, S("nmi"), NULL, 2, &out, NULL, err), "org");
  EXPECT_NULL(styrkort_evaluation_indicator_value(e, S("nmi"), S("kf"), NULL, NULL, err), "out");
  EXPECT_NULL(styrkort_evaluation_indicator_target(NULL, S("nmi"), S("kf"), &out, NULL, err), "evaluation");
  EXPECT_NULL(styrkort_evaluation_indicator_target(e, NULL, 3, S("kf"), &out, NULL, err), "indicator");
  EXPECT_NULL(styrkort_evaluation_indicator_target(e, S("nmi"), NULL, 2, &out, NULL, err), "org");
  EXPECT_NULL(styrkort_evaluation_indicator_target(e, S("nmi"), S("kf"), NULL, NULL, err), "out");

  EXPECT_NULL(styrkort_evaluation_scorecard_balance(NULL, S("kf"), &bal, err), "evaluation");
  EXPECT_NULL(styrkort_evaluation_scorecard_balance(e, NULL, 2, &bal, err), "org");
  EXPECT_NULL(styrkort_evaluation_scorecard_balance(e, S("kf"), NULL, err), "balance_out");
  EXPECT_NULL(styrkort_evaluation_scorecard_evenness(NULL, S("kf"), &out, NULL, err), "evaluation");
  EXPECT_NULL(styrkort_evaluation_scorecard_evenness(e, NULL, 2, &out, NULL, err), "org");
  EXPECT_NULL(styrkort_evaluation_scorecard_evenness(e, S("kf"), NULL, NULL, err), "out");
  EXPECT_NULL(styrkort_evaluation_scorecard_score(NULL, S("kf"), &out, NULL, err), "evaluation");
  EXPECT_NULL(styrkort_evaluation_scorecard_score(e, NULL, 2, &out, NULL, err), "org");
  EXPECT_NULL(styrkort_evaluation_scorecard_score(e, S("kf"), NULL, NULL, err), "out");

  /* Kolada */
  POISON_STR();
  EXPECT_NULL(styrkort_model_apply_kolada_json(NULL, S("[]"), STYRKORT_CONFLICT_POLICY_KEEP, &out, &out_len, err), "model");
  CHECK_CLEARED();
  EXPECT_NULL(styrkort_model_apply_kolada_json(m, NULL, 0, STYRKORT_CONFLICT_POLICY_KEEP, &out, NULL, err), "json");
  EXPECT_NULL(styrkort_model_apply_kolada_json(m, S("[]"), STYRKORT_CONFLICT_POLICY_KEEP, NULL, NULL, err), "report_json");
  POISON_STR();
  EXPECT_NULL(styrkort_model_evaluate_compared_json(NULL, S("2025"), NULL, 0, S("[]"), &out, &out_len, err), "model");
  CHECK_CLEARED();
  EXPECT_NULL(styrkort_model_evaluate_compared_json(m, NULL, 4, NULL, 0, S("[]"), &out, NULL, err), "period");
  EXPECT_NULL(styrkort_model_evaluate_compared_json(m, S("2025"), NULL, 0, NULL, 2, &out, NULL, err), "kolada_json");
  EXPECT_NULL(styrkort_model_evaluate_compared_json(m, S("2025"), S("x"), S("[]"), NULL, NULL, err), "out");

  /* the engine */
  {
    styrkort_engine *g = NULL, *go = (styrkort_engine *)BAD_UTF8;
    styrkort_error *e1 = NULL;
    CHECK_STATUS(styrkort_engine_new(m, S("2025"), NULL, 0, &g, &e1), STYRKORT_OK, e1);
    EXPECT_NULL(styrkort_engine_new(NULL, S("2025"), NULL, 0, &go, err), "model");
    CHECK(go == NULL);
    EXPECT_NULL(styrkort_engine_new(m, NULL, 4, NULL, 0, &go, err), "period");
    EXPECT_NULL(styrkort_engine_new(m, S("2025"), NULL, 0, NULL, err), "engine_out");
    EXPECT_NULL(styrkort_engine_set_measurement(NULL, S("nmi"), NULL, 0, S("2025"), S("1"), err), "engine");
    EXPECT_NULL(styrkort_engine_set_measurement(g, NULL, 3, NULL, 0, S("2025"), S("1"), err), "indicator");
    EXPECT_NULL(styrkort_engine_set_measurement(g, S("nmi"), NULL, 0, NULL, 4, S("1"), err), "period");
    EXPECT_NULL(styrkort_engine_set_assessment(NULL, S("kf-1"), S("2025"), 1, err), "engine");
    EXPECT_NULL(styrkort_engine_set_assessment(g, NULL, 4, S("2025"), 1, err), "goal");
    EXPECT_NULL(styrkort_engine_set_assessment(g, S("kf-1"), NULL, 4, 1, err), "period");
    POISON_STR();
    EXPECT_NULL(styrkort_engine_evaluation_json(NULL, &out, &out_len, err), "engine");
    CHECK_CLEARED();
    EXPECT_NULL(styrkort_engine_evaluation_json(g, NULL, &out_len, err), "out");
    eo = (styrkort_evaluation *)BAD_UTF8;
    EXPECT_NULL(styrkort_engine_evaluation(NULL, &eo, err), "engine");
    CHECK(eo == NULL);
    EXPECT_NULL(styrkort_engine_evaluation(g, NULL, err), "evaluation_out");

    EXPECT_UTF8(styrkort_engine_new(m, S(BAD_UTF8), NULL, 0, &go, err), "period");
    EXPECT_UTF8(styrkort_engine_new(m, S("2025"), S(BAD_UTF8), &go, err), "tag");
    CHECK(go == NULL);
    EXPECT_UTF8(styrkort_engine_set_measurement(g, S(BAD_UTF8), NULL, 0, S("2025"), S("1"), err), "indicator");
    EXPECT_UTF8(styrkort_engine_set_measurement(g, S("nmi"), S(BAD_UTF8), S("2025"), S("1"), err), "org");
    EXPECT_UTF8(styrkort_engine_set_measurement(g, S("nmi"), NULL, 0, S(BAD_UTF8), S("1"), err), "period");
    EXPECT_UTF8(styrkort_engine_set_measurement(g, S("nmi"), NULL, 0, S("2025"), S(BAD_UTF8), err), "value");
    EXPECT_UTF8(styrkort_engine_set_assessment(g, S(BAD_UTF8), S("2025"), 1, err), "goal");
    EXPECT_UTF8(styrkort_engine_set_assessment(g, S("kf-1"), S(BAD_UTF8), 1, err), "period");
    /* the nullable strings: NULL with any length is "absent", not an error */
    CHECK_STATUS(styrkort_engine_set_measurement(g, S("nmi"), NULL, 5, S("2025"), NULL, 9, &e1),
                 STYRKORT_OK, e1);
    /* err may be NULL */
    CHECK(styrkort_engine_set_measurement(g, S("nmi"), NULL, 0, S("2025"), S("x"), NULL) ==
          STYRKORT_INVALID_ARGUMENT);
    styrkort_engine_free(g);
    styrkort_error_free(e1);
  }

  /* err itself may be NULL: the status still tells. */
  CHECK(styrkort_model_to_json(NULL, &out, NULL, NULL) == STYRKORT_NULL_ARGUMENT);
  CHECK(styrkort_model_evaluate_json(m, S("2025T9"), &out, NULL, NULL) == STYRKORT_PERIOD);
  CHECK(out == NULL);

  /* ---- invalid UTF-8 in each string argument ---- */
  EXPECT_UTF8(styrkort_model_from_json(S(BAD_UTF8), &mo, err), "json");
  EXPECT_UTF8(styrkort_model_evaluate_json(m, S(BAD_UTF8), &out, NULL, err), "period");
  EXPECT_UTF8(styrkort_model_evaluate_tagged_json(m, S(BAD_UTF8), S("x"), &out, NULL, err), "period");
  EXPECT_UTF8(styrkort_model_evaluate_tagged_json(m, S("2025"), S(BAD_UTF8), &out, NULL, err), "tag");
  EXPECT_UTF8(styrkort_model_evaluate(m, S(BAD_UTF8), &eo, err), "period");
  EXPECT_UTF8(styrkort_model_evaluate_tagged(m, S("2025"), S(BAD_UTF8), &eo, err), "tag");
  EXPECT_UTF8(styrkort_evaluation_dialogue_json(e, S(BAD_UTF8), S("bn"), &out, NULL, err), "upper");
  EXPECT_UTF8(styrkort_evaluation_dialogue_json(e, S("kf"), S(BAD_UTF8), &out, NULL, err), "lower");
  EXPECT_UTF8(styrkort_evaluation_assignments_json(e, S(BAD_UTF8), &out, NULL, err), "org");
  EXPECT_UTF8(styrkort_evaluation_what_if_json(e, S(BAD_UTF8), S("fulfilled"), &out, NULL, err), "goal");
  EXPECT_UTF8(styrkort_evaluation_what_if_json(e, S("kf-1"), S(BAD_UTF8), &out, NULL, err), "wanted");
  EXPECT_UTF8(styrkort_evaluation_goal_status(e, S(BAD_UTF8), &st, err), "goal");
  EXPECT_UTF8(styrkort_evaluation_goal_score(e, S(BAD_UTF8), &out, NULL, err), "goal");
  EXPECT_UTF8(styrkort_evaluation_indicator_status(e, S(BAD_UTF8), S("kf"), &st, err), "indicator");
  EXPECT_UTF8(styrkort_evaluation_indicator_value(e, S("nmi"), S(BAD_UTF8), &out, NULL, err), "org");
  EXPECT_UTF8(styrkort_evaluation_indicator_target(e, S("nmi"), S(BAD_UTF8), &out, NULL, err), "org");
  EXPECT_UTF8(styrkort_evaluation_scorecard_balance(e, S(BAD_UTF8), &bal, err), "org");
  EXPECT_UTF8(styrkort_evaluation_scorecard_evenness(e, S(BAD_UTF8), &out, NULL, err), "org");
  EXPECT_UTF8(styrkort_evaluation_scorecard_score(e, S(BAD_UTF8), &out, NULL, err), "org");
  {
    styrkort_model *mk = NULL;
    styrkort_error *e1 = NULL;
    CHECK_STATUS(styrkort_model_from_json(MODEL, strlen(MODEL), &mk, &e1), STYRKORT_OK, e1);
    EXPECT_UTF8(styrkort_model_apply_kolada_json(mk, S(BAD_UTF8), STYRKORT_CONFLICT_POLICY_KEEP, &out, NULL, err), "json");
    EXPECT(styrkort_model_apply_kolada_json(mk, S("[]"), 7, &out, NULL, err), STYRKORT_INVALID_ARGUMENT, "`policy` is 7");
    EXPECT(styrkort_model_apply_kolada_json(mk, S("{\"values\": [{}]}"), STYRKORT_CONFLICT_POLICY_KEEP, &out, NULL, err), STYRKORT_JSON, "values[0]");
    /* an empty page is fine and reports nothing */
    CHECK_STATUS(styrkort_model_apply_kolada_json(mk, S("[]"), STYRKORT_CONFLICT_POLICY_ERROR, &out, &out_len, &e1), STYRKORT_OK, e1);
    CHECK(out != NULL && strlen(out) == out_len && strstr(out, "\"added\": []") != NULL);
    styrkort_string_free(out);
    out = NULL;
    styrkort_model_free(mk);
  }
  EXPECT_UTF8(styrkort_model_evaluate_compared_json(m, S(BAD_UTF8), NULL, 0, S("[]"), &out, NULL, err), "period");
  EXPECT_UTF8(styrkort_model_evaluate_compared_json(m, S("2025"), S(BAD_UTF8), S("[]"), &out, NULL, err), "tag");
  EXPECT_UTF8(styrkort_model_evaluate_compared_json(m, S("2025"), NULL, 0, S(BAD_UTF8), &out, NULL, err), "kolada_json");
  /* the offset of the bad byte is in the message */
  EXPECT(styrkort_model_from_json(S(BAD_UTF8), &mo, err), STYRKORT_INVALID_UTF8, "index 1");

  /* ---- malformed JSON: code STYRKORT_JSON, the path in the message ---- */
  EXPECT(styrkort_model_from_json(S("{\"format\": \"styrkort/1\", \"goals\": [{\"id\": \"g\","
                                    " \"title\": \"T\", \"level\": \"council\","
                                    " \"perspective\": \"citizen\", \"owner\": \"kf\","
                                    " \"colour\": \"red\"}]}"),
                                  &mo, err),
         STYRKORT_JSON, "goals[0].colour");
  EXPECT(styrkort_model_from_json(S("{\"format\": \"styrkort/1\", \"indicators\": [{\"id\": \"i\","
                                    " \"name\": \"I\", \"owner\": \"kf\","
                                    " \"targets\": [{\"period\": \"2025\", \"value\": \"6x\"}]}]}"),
                                  &mo, err),
         STYRKORT_JSON, "indicators[0].targets[0].value");
  EXPECT(styrkort_model_from_json(S("{\"format\": \"styrkort/1\",\n \"organisation\": ["), &mo, err),
         STYRKORT_JSON, "line 2");
  EXPECT(styrkort_model_from_json(S(""), &mo, err), STYRKORT_JSON, NULL);
  CHECK(mo == NULL);

  /* ---- messages in the caller's terms ---- */
  {
    /* A text cut short (here inside the key "organisation", 30 bytes in)
     * says so with its length, and never names its place as "at ?". */
    styrkort_error *e1 = NULL;
    CHECK(styrkort_model_from_json(MODEL, 30, &mo, &e1) == STYRKORT_JSON);
    CHECK(mo == NULL);
    CHECK_STR(styrkort_error_message(e1),
              "invalid model JSON (line 1, column 30): the JSON text ends early, after 30 bytes,"
              " while parsing a string");
    CHECK(strstr(styrkort_error_message(e1), "at ?") == NULL);
    styrkort_error_free(e1);
    /* Cut inside the first org: the path names it, without a "?". */
    e1 = NULL;
    size_t cut = (size_t)(strstr(MODEL, "\"name\": \"KF\"") - MODEL);
    CHECK(styrkort_model_from_json(MODEL, cut, &mo, &e1) == STYRKORT_JSON);
    CHECK_CONTAINS(styrkort_error_message(e1), "invalid model JSON at organisation[0] (line 1, ");
    CHECK_CONTAINS(styrkort_error_message(e1), "the JSON text ends early");
    CHECK(strstr(styrkort_error_message(e1), "?") == NULL);
    styrkort_error_free(e1);
    /* A UTF-8 byte-order mark at the start is skipped. */
    char bom[sizeof MODEL + 3] = "\xEF\xBB\xBF";
    memcpy(bom + 3, MODEL, sizeof MODEL);
    e1 = NULL;
    CHECK_STATUS(styrkort_model_from_json(bom, strlen(bom), &mo, &e1), STYRKORT_OK, e1);
    styrkort_model_free(mo);
    mo = NULL;
  }
  /* A decimal beyond the range is too large (not "too precise"), and a
   * JSON number is echoed as written (1e30, not 1e+30). */
  EXPECT(styrkort_model_from_json(S("{\"format\": \"styrkort/1\", \"indicators\": [{\"id\": \"i\","
                                    " \"name\": \"I\", \"owner\": \"kf\","
                                    " \"targets\": [{\"period\": \"2025\", \"value\": 1e30}]}]}"),
                                  &mo, err),
         STYRKORT_JSON,
         "at indicators[0].targets[0].value (line 1, column 124): the number 1e30 is too large for"
         " an exact decimal (at most 79228162514264337593543950335, about 7.9e28)");
  EXPECT(styrkort_model_from_json(S("{\"format\": \"styrkort/1\", \"indicators\": [{\"id\": \"i\","
                                    " \"name\": \"I\", \"owner\": \"kf\","
                                    " \"targets\": [{\"period\": \"2025\", \"value\": \"1e30\"}]}]}"),
                                  &mo, err),
         STYRKORT_JSON, "\"1e30\" is too large for an exact decimal");
  CHECK(mo == NULL);
  {
    /* A Kolada page's errors name the page, not a model. */
    styrkort_model *mk = NULL;
    styrkort_error *e1 = NULL;
    CHECK_STATUS(styrkort_model_from_json(MODEL, strlen(MODEL), &mk, &e1), STYRKORT_OK, e1);
    EXPECT(styrkort_model_apply_kolada_json(mk, S("{\"values\": [{}]}"), STYRKORT_CONFLICT_POLICY_KEEP, &out, NULL, err),
           STYRKORT_JSON, "invalid Kolada data page JSON at values[0]");
    EXPECT(styrkort_model_apply_kolada_json(mk, S("{\"values\": ["), STYRKORT_CONFLICT_POLICY_KEEP, &out, NULL, err),
           STYRKORT_JSON, "invalid Kolada data page JSON at values (line 1, column 12): the JSON text ends early, after 12 bytes");
    styrkort_model_free(mk);
  }

  /* ---- bad periods ---- */
  EXPECT(styrkort_model_evaluate_json(m, S("2025T4"), &out, NULL, err), STYRKORT_PERIOD, "2025T4");
  EXPECT(styrkort_model_evaluate_tagged_json(m, S("25"), S("x"), &out, NULL, err), STYRKORT_PERIOD, "25");
  EXPECT(styrkort_model_evaluate(m, S("2025-13"), &eo, err), STYRKORT_PERIOD, "2025-13");
  EXPECT(styrkort_model_evaluate_tagged(m, S(""), S("x"), &eo, err), STYRKORT_PERIOD, NULL);
  CHECK(eo == NULL && out == NULL);

  /* ---- an invalid model: loads, validates with errors, refuses to evaluate ---- */
  {
    static const char INVALID[] =
        "{\"format\": \"styrkort/1\","
        " \"organisation\": [{\"id\": \"kf\", \"name\": \"KF\", \"kind\": \"council\"}],"
        " \"goals\": [{\"id\": \"kf-1\", \"title\": \"T\", \"level\": \"council\","
        "   \"perspective\": \"citizen\", \"owner\": \"nobody\"}]}";
    styrkort_model *bad = NULL;
    styrkort_error *err = NULL;
    CHECK_STATUS(styrkort_model_from_json(S(INVALID), &bad, &err), STYRKORT_OK, err);
    CHECK_STATUS(styrkort_model_validate_json(bad, &out, &out_len, &err), STYRKORT_OK, err);
    CHECK(out != NULL && strstr(out, "\"code\": \"unknown_reference\"") != NULL);
    CHECK(out != NULL && strstr(out, "\"severity\": \"error\"") != NULL);
    CHECK(out != NULL && strlen(out) == out_len);
    styrkort_string_free(out);
    out = NULL;
    EXPECT(styrkort_model_evaluate_json(bad, S("2025"), &out, NULL, err), STYRKORT_INVALID_MODEL, "nobody");
    EXPECT(styrkort_model_evaluate(bad, S("2025"), &eo, err), STYRKORT_INVALID_MODEL, "unknown_reference");
    CHECK(out == NULL && eo == NULL);
    styrkort_model_free(bad);
  }

  /* ---- unknown ids and indexes ---- */
  EXPECT(styrkort_evaluation_goal_status(e, S("nope"), &st, err), STYRKORT_UNKNOWN_ID, "\"nope\"");
  EXPECT(styrkort_evaluation_goal_score(e, S("nope"), &out, NULL, err), STYRKORT_UNKNOWN_ID, "\"nope\"");
  EXPECT(styrkort_evaluation_indicator_status(e, S("nmi"), S("nope"), &st, err), STYRKORT_UNKNOWN_ID, "\"nope\"");
  EXPECT(styrkort_evaluation_indicator_value(e, S("nope"), S("kf"), &out, NULL, err), STYRKORT_UNKNOWN_ID, "\"nope\"");
  EXPECT(styrkort_evaluation_indicator_target(e, S("nope"), S("kf"), &out, NULL, err), STYRKORT_UNKNOWN_ID, "\"nope\"");
  EXPECT(styrkort_evaluation_scorecard_balance(e, S("nope"), &bal, err), STYRKORT_UNKNOWN_ID, "\"nope\"");
  EXPECT(styrkort_evaluation_scorecard_evenness(e, S("nope"), &out, NULL, err), STYRKORT_UNKNOWN_ID, "\"nope\"");
  EXPECT(styrkort_evaluation_scorecard_score(e, S("nope"), &out, NULL, err), STYRKORT_UNKNOWN_ID, "\"nope\"");
  EXPECT(styrkort_evaluation_dialogue_json(e, S("nope"), S("bn"), &out, NULL, err), STYRKORT_UNKNOWN_ID, "\"nope\"");
  EXPECT(styrkort_evaluation_dialogue_json(e, S("kf"), S("nope"), &out, NULL, err), STYRKORT_UNKNOWN_ID, "\"nope\"");
  EXPECT(styrkort_evaluation_assignments_json(e, S("nope"), &out, NULL, err), STYRKORT_UNKNOWN_ID, "\"nope\"");
  EXPECT(styrkort_evaluation_what_if_json(e, S("nope"), S("fulfilled"), &out, NULL, err), STYRKORT_UNKNOWN_ID, "\"nope\"");
  EXPECT(styrkort_evaluation_what_if_json(e, S("kf-1"), S("no_data"), &out, NULL, err), STYRKORT_UNKNOWN_ID, "fulfilled or partly_fulfilled");
  EXPECT(styrkort_evaluation_goal_id(e, 1, &out, NULL, err), STYRKORT_INDEX_OUT_OF_RANGE, "1 goal");
  EXPECT(styrkort_evaluation_goal_id(e, (size_t)-1, &out, NULL, err), STYRKORT_INDEX_OUT_OF_RANGE, NULL);
  /* an id with a NUL inside: the message shows it escaped rather than cut */
  EXPECT(styrkort_evaluation_goal_status(e, "a\0b", 3, &st, err), STYRKORT_UNKNOWN_ID, "a\\0b");
  CHECK(out == NULL);

  /* ---- success clears *err, the frees take NULL ---- */
  {
    styrkort_error *err = (styrkort_error *)BAD_UTF8; /* garbage that must be overwritten */
    CHECK_STATUS(styrkort_evaluation_goal_count(e, &count, &err), STYRKORT_OK, NULL);
    CHECK(err == NULL);
    CHECK(count == 1);
  }
  styrkort_model_free(NULL);
  styrkort_evaluation_free(NULL);
  styrkort_error_free(NULL);
  styrkort_string_free(NULL);
  styrkort_engine_free(NULL);
  CHECK(styrkort_error_code(NULL) == STYRKORT_OK);
  CHECK_STR(styrkort_error_message(NULL), "");
  CHECK_STR(styrkort_version(), STYRKORT_VERSION);

  styrkort_evaluation_free(e);
  styrkort_model_free(m);
  return check_done("errors");
}
