/* The typed accessors of an evaluation handle, against tests/c/accessors-model.json
 * with values worked out by hand for period 2025 (model partly_at 0.8):
 *
 * indicators
 *   nmi@kf      value 60 vs target 62, warning 58: 58 <= 60 < 62  -> partly_fulfilled
 *   merit@utbn  no own value; consolidation mean: utbk has none either, so
 *               utbk = mean(skola-a 240, skola-b 221) = 230.5 and utbn = 230.5;
 *               target 230 (no org: applies everywhere)      -> fulfilled
 *   merit@skola-a  240 >= 230                                -> fulfilled
 *   merit@skola-b  221 < 230, >= 230 * 0.8 = 184             -> partly_fulfilled
 *   sjuk@utbn   lower is better: "7.50" vs 6; w = 6 / 0.8 = 7.5; 7.5 <= 7.5
 *                                                            -> partly_fulfilled, value "7.5"
 *   budget@utbn no measurement, target "0"                   -> no_data, value NULL
 *   co2@kf      1200, no target                              -> not_assessed, target NULL
 * goals (all_some_none)
 *   utbn-1 [merit fulfilled]            -> fulfilled, score 1
 *   utbn-2 [sjuk partly]                -> partly, score 0.5
 *   utbn-3 [budget no_data]             -> no assessed item -> no_data, no score
 *   kf-1   [nmi partly, utbn-1 fulfilled] -> partly, score (0.5 + 1) / 2 = 0.75
 *   kf-2   [utbn-2 partly]              -> partly, score 0.5
 *   kf-3   [utbn-3 no_data]             -> no_data
 *   kf-4   [co2 not_assessed]           -> no_data (it has items, none assessed)
 *   sorted ids: kf-1 kf-2 kf-3 kf-4 utbn-1 utbn-2 utbn-3 (7 goals)
 * scorecards
 *   utbn: utbn-1 citizen, utbn-2 employees, utbn-3 economy; N = 3, missing 1
 *         evenness = 1 - (3 * |1/3 - 1/4| + |0 - 1/4|) / (3/2) = 1 - (1/2)/(3/2) = 2/3 -> "0.6667"
 *         score = mean(1, 0.5) = "0.75"
 *   kf:   one goal per perspective -> evenness "1"; score mean(0.5, 0.5) = "0.5";
 *         indicators: citizen 1 (nmi), society_environment 1 (co2)
 * tag "environment": only kf-4.
 */
#include "check.h"

#define S(lit) lit, sizeof(lit) - 1

static void check_goal(const styrkort_evaluation *e, const char *id, styrkort_fulfilment want,
                       const char *want_score) {
  styrkort_error *err = NULL;
  styrkort_fulfilment got = (styrkort_fulfilment)0;
  CHECK_STATUS(styrkort_evaluation_goal_status(e, id, strlen(id), &got, &err), STYRKORT_OK, err);
  if (got != want) {
    fprintf(stderr, "goal %s: status %d, want %d\n", id, (int)got, (int)want);
    check_failures++;
  }
  char *score = NULL;
  size_t len = 99;
  CHECK_STATUS(styrkort_evaluation_goal_score(e, id, strlen(id), &score, &len, &err), STYRKORT_OK,
               err);
  if (want_score == NULL) {
    CHECK(score == NULL);
    CHECK(len == 0);
  } else {
    CHECK_STR(score, want_score);
    CHECK(len == strlen(want_score));
  }
  styrkort_string_free(score);
  styrkort_error_free(err);
}

static void check_indicator(const styrkort_evaluation *e, const char *ind, const char *org,
                            styrkort_fulfilment want, const char *want_value,
                            const char *want_target) {
  styrkort_error *err = NULL;
  styrkort_fulfilment got = (styrkort_fulfilment)0;
  CHECK_STATUS(styrkort_evaluation_indicator_status(e, ind, strlen(ind), org, strlen(org), &got,
                                                    &err),
               STYRKORT_OK, err);
  if (got != want) {
    fprintf(stderr, "indicator %s@%s: status %d, want %d\n", ind, org, (int)got, (int)want);
    check_failures++;
  }
  char *value = NULL, *target = NULL;
  size_t vlen = 99, tlen = 99;
  CHECK_STATUS(styrkort_evaluation_indicator_value(e, ind, strlen(ind), org, strlen(org), &value,
                                                   &vlen, &err),
               STYRKORT_OK, err);
  CHECK_STATUS(styrkort_evaluation_indicator_target(e, ind, strlen(ind), org, strlen(org),
                                                    &target, &tlen, &err),
               STYRKORT_OK, err);
  if (want_value == NULL) {
    CHECK(value == NULL && vlen == 0);
  } else {
    CHECK_STR(value, want_value);
    CHECK(vlen == strlen(want_value));
  }
  if (want_target == NULL) {
    CHECK(target == NULL && tlen == 0);
  } else {
    CHECK_STR(target, want_target);
    CHECK(tlen == strlen(want_target));
  }
  styrkort_string_free(value);
  styrkort_string_free(target);
  styrkort_error_free(err);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: accessors MODEL.json\n");
    return 2;
  }
  size_t json_len = 0;
  char *json = read_file(argv[1], &json_len);
  if (json == NULL) {
    fprintf(stderr, "cannot read %s\n", argv[1]);
    return 2;
  }
  styrkort_model *model = NULL;
  styrkort_evaluation *e = NULL, *env = NULL;
  styrkort_error *err = NULL;
  CHECK_STATUS(styrkort_model_from_json(json, json_len, &model, &err), STYRKORT_OK, err);
  free(json); /* the model keeps no pointer into the text */
  CHECK_STATUS(styrkort_model_evaluate(model, S("2025"), &e, &err), STYRKORT_OK, err);
  CHECK_STATUS(styrkort_model_evaluate_tagged(model, S("2025"), S("environment"), &env, &err),
               STYRKORT_OK, err);
  styrkort_model_free(model); /* evaluations outlive their model */
  if (e == NULL || env == NULL) return check_done("accessors");

  /* goals by index */
  size_t count = 0;
  CHECK_STATUS(styrkort_evaluation_goal_count(e, &count, &err), STYRKORT_OK, err);
  CHECK(count == 7);
  static const char *const ids[] = {"kf-1",   "kf-2",   "kf-3",  "kf-4",
                                    "utbn-1", "utbn-2", "utbn-3"};
  for (size_t i = 0; i < 7 && i < count; i++) {
    char *id = NULL;
    size_t len = 0;
    CHECK_STATUS(styrkort_evaluation_goal_id(e, i, &id, &len, &err), STYRKORT_OK, err);
    CHECK_STR(id, ids[i]);
    CHECK(len == strlen(ids[i]));
    styrkort_string_free(id);
  }
  {
    char *id = (char *)1;
    size_t len = 5;
    CHECK_STATUS(styrkort_evaluation_goal_id(e, 7, &id, &len, &err), STYRKORT_INDEX_OUT_OF_RANGE,
                 err);
    CHECK(id == NULL && len == 0);
    CHECK(strstr(styrkort_error_message(err), "7") != NULL);
    styrkort_error_free(err);
    err = NULL;
  }

  /* goal statuses and scores */
  check_goal(e, "utbn-1", STYRKORT_FULFILMENT_FULFILLED, "1");
  check_goal(e, "utbn-2", STYRKORT_FULFILMENT_PARTLY_FULFILLED, "0.5");
  check_goal(e, "utbn-3", STYRKORT_FULFILMENT_NO_DATA, NULL);
  check_goal(e, "kf-1", STYRKORT_FULFILMENT_PARTLY_FULFILLED, "0.75");
  check_goal(e, "kf-2", STYRKORT_FULFILMENT_PARTLY_FULFILLED, "0.5");
  check_goal(e, "kf-3", STYRKORT_FULFILMENT_NO_DATA, NULL);
  check_goal(e, "kf-4", STYRKORT_FULFILMENT_NO_DATA, NULL);

  /* indicators at orgs */
  check_indicator(e, "nmi", "kf", STYRKORT_FULFILMENT_PARTLY_FULFILLED, "60", "62");
  check_indicator(e, "merit", "utbn", STYRKORT_FULFILMENT_FULFILLED, "230.5", "230");
  check_indicator(e, "merit", "skola-a", STYRKORT_FULFILMENT_FULFILLED, "240", "230");
  check_indicator(e, "merit", "skola-b", STYRKORT_FULFILMENT_PARTLY_FULFILLED, "221", "230");
  check_indicator(e, "sjuk", "utbn", STYRKORT_FULFILMENT_PARTLY_FULFILLED, "7.5", "6");
  check_indicator(e, "budget", "utbn", STYRKORT_FULFILMENT_NO_DATA, NULL, "0");
  check_indicator(e, "co2", "kf", STYRKORT_FULFILMENT_NOT_ASSESSED, "1200", NULL);

  /* no forecast anywhere in this model */
  {
    int f = 7;
    CHECK_STATUS(styrkort_evaluation_indicator_forecast(e, S("nmi"), S("kf"), &f, &err),
                 STYRKORT_OK, err);
    CHECK(f == 0);
    f = 7;
    CHECK_STATUS(styrkort_evaluation_goal_forecast(e, S("kf-1"), &f, &err), STYRKORT_OK, err);
    CHECK(f == 0);
    CHECK_STATUS(styrkort_evaluation_goal_forecast(e, S("kf-9"), &f, &err),
                 STYRKORT_UNKNOWN_ID, err);
    styrkort_error_free(err);
    err = NULL;
    CHECK_STATUS(styrkort_evaluation_indicator_forecast(e, S("nmi"), S("kf"), NULL, &err),
                 STYRKORT_NULL_ARGUMENT, err);
    styrkort_error_free(err);
    err = NULL;
  }

  /* A forecast and the year-on-year change, by hand (2025T2): sjuk (lower)
   * has no outcome for 2025T2, its forecast 5.4 stands in (marked); 5.4 <= 6
   * -> fulfilled; the same tertial a year earlier 5.0 -> "5", change 5.4 - 5
   * = "0.4"; kf-1 rests on the forecast. */
  {
    static const char forecast_model[] =
        "{\"format\": \"styrkort/1\","
        " \"organisation\": [{\"id\": \"kf\", \"name\": \"KF\", \"kind\": \"council\"}],"
        " \"indicators\": [{\"id\": \"sjuk\", \"name\": \"Sjukfranvaro\", \"owner\": \"kf\","
        "   \"direction\": \"lower_is_better\","
        "   \"targets\": [{\"period\": \"2025\", \"value\": \"6\"}],"
        "   \"measurements\": [{\"period\": \"2024T2\", \"value\": \"5.0\"},"
        "     {\"period\": \"2025T2\", \"value\": \"5.4\", \"forecast\": true}]}],"
        " \"goals\": [{\"id\": \"kf-1\", \"title\": \"Friska medarbetare\","
        "   \"level\": \"council\", \"perspective\": \"employees\", \"owner\": \"kf\","
        "   \"indicators\": [{\"indicator\": \"sjuk\"}]}]}";
    styrkort_model *fm = NULL;
    styrkort_evaluation *fe = NULL;
    CHECK_STATUS(styrkort_model_from_json(forecast_model, sizeof forecast_model - 1, &fm, &err),
                 STYRKORT_OK, err);
    CHECK_STATUS(styrkort_model_evaluate(fm, S("2025T2"), &fe, &err), STYRKORT_OK, err);
    styrkort_model_free(fm);
    if (fe != NULL) {
      int f = 7;
      CHECK_STATUS(styrkort_evaluation_indicator_forecast(fe, S("sjuk"), S("kf"), &f, &err),
                   STYRKORT_OK, err);
      CHECK(f == 1);
      f = 7;
      CHECK_STATUS(styrkort_evaluation_goal_forecast(fe, S("kf-1"), &f, &err), STYRKORT_OK, err);
      CHECK(f == 1);
      check_indicator(fe, "sjuk", "kf", STYRKORT_FULFILMENT_FULFILLED, "5.4", "6");
      char *y = NULL;
      size_t ylen = 99;
      CHECK_STATUS(styrkort_evaluation_indicator_year_earlier(fe, S("sjuk"), S("kf"), &y, &ylen,
                                                              &err),
                   STYRKORT_OK, err);
      CHECK_STR(y, "5");
      CHECK(ylen == 1);
      styrkort_string_free(y);
      CHECK_STATUS(styrkort_evaluation_indicator_year_change(fe, S("sjuk"), S("kf"), &y, NULL,
                                                             &err),
                   STYRKORT_OK, err);
      CHECK_STR(y, "0.4");
      styrkort_string_free(y);
    }
    styrkort_evaluation_free(fe);
  }
  /* no value a year earlier: NULL and length 0, not an error */
  {
    char *y = (char *)1;
    size_t ylen = 99;
    CHECK_STATUS(styrkort_evaluation_indicator_year_earlier(e, S("co2"), S("kf"), &y, &ylen, &err),
                 STYRKORT_OK, err);
    CHECK(y == NULL && ylen == 0);
    CHECK_STATUS(styrkort_evaluation_indicator_year_change(e, S("co2"), S("kf"), &y, &ylen, &err),
                 STYRKORT_OK, err);
    CHECK(y == NULL && ylen == 0);
  }

  /* scorecard balance of the board */
  styrkort_balance b;
  memset(&b, 0xff, sizeof b);
  CHECK_STATUS(styrkort_evaluation_scorecard_balance(e, S("utbn"), &b, &err), STYRKORT_OK, err);
  CHECK(b.goals == 3);
  CHECK(b.missing == 1);
  const styrkort_perspective_balance *c = &b.perspectives[STYRKORT_PERSPECTIVE_CITIZEN];
  CHECK(c->goals == 1 && c->indicators == 1 && c->fulfilled == 1 && c->partly_fulfilled == 0);
  const styrkort_perspective_balance *se = &b.perspectives[STYRKORT_PERSPECTIVE_SOCIETY_ENVIRONMENT];
  CHECK(se->goals == 0 && se->indicators == 0 && se->fulfilled == 0 && se->no_data == 0);
  const styrkort_perspective_balance *em = &b.perspectives[STYRKORT_PERSPECTIVE_EMPLOYEES];
  CHECK(em->goals == 1 && em->indicators == 1 && em->partly_fulfilled == 1 && em->fulfilled == 0);
  const styrkort_perspective_balance *ec = &b.perspectives[STYRKORT_PERSPECTIVE_ECONOMY];
  CHECK(ec->goals == 1 && ec->indicators == 1 && ec->no_data == 1 && ec->not_assessed == 0);
  char *s = NULL;
  size_t len = 0;
  CHECK_STATUS(styrkort_evaluation_scorecard_evenness(e, S("utbn"), &s, &len, &err), STYRKORT_OK,
               err);
  CHECK_STR(s, "0.6667");
  CHECK(len == 6);
  styrkort_string_free(s);
  CHECK_STATUS(styrkort_evaluation_scorecard_score(e, S("utbn"), &s, NULL, &err), STYRKORT_OK, err);
  CHECK_STR(s, "0.75");
  styrkort_string_free(s);

  /* and of the council */
  CHECK_STATUS(styrkort_evaluation_scorecard_balance(e, S("kf"), &b, &err), STYRKORT_OK, err);
  CHECK(b.goals == 4 && b.missing == 0);
  CHECK(b.perspectives[STYRKORT_PERSPECTIVE_CITIZEN].indicators == 1);
  CHECK(b.perspectives[STYRKORT_PERSPECTIVE_SOCIETY_ENVIRONMENT].indicators == 1);
  CHECK(b.perspectives[STYRKORT_PERSPECTIVE_EMPLOYEES].partly_fulfilled == 1);
  CHECK(b.perspectives[STYRKORT_PERSPECTIVE_ECONOMY].no_data == 1);
  CHECK_STATUS(styrkort_evaluation_scorecard_evenness(e, S("kf"), &s, &len, &err), STYRKORT_OK,
               err);
  CHECK_STR(s, "1");
  styrkort_string_free(s);
  CHECK_STATUS(styrkort_evaluation_scorecard_score(e, S("kf"), &s, &len, &err), STYRKORT_OK, err);
  CHECK_STR(s, "0.5");
  styrkort_string_free(s);

  /* a scorecard with no assessed goal has no score: NULL, not an error */
  CHECK_STATUS(styrkort_evaluation_scorecard_score(env, S("utbn"), &s, &len, &err), STYRKORT_OK,
               err);
  CHECK(s == NULL && len == 0);

  /* the tagged evaluation holds kf-4 only */
  CHECK_STATUS(styrkort_evaluation_goal_count(env, &count, &err), STYRKORT_OK, err);
  CHECK(count == 1);
  CHECK_STATUS(styrkort_evaluation_goal_id(env, 0, &s, &len, &err), STYRKORT_OK, err);
  CHECK_STR(s, "kf-4");
  styrkort_string_free(s);
  check_goal(env, "kf-4", STYRKORT_FULFILMENT_NO_DATA, NULL);
  styrkort_fulfilment st;
  CHECK_STATUS(styrkort_evaluation_goal_status(env, S("kf-1"), &st, &err), STYRKORT_UNKNOWN_ID,
               err);
  CHECK(strstr(styrkort_error_message(err), "kf-1") != NULL);
  styrkort_error_free(err);
  err = NULL;

  /* the JSON of the handle carries the tag */
  CHECK_STATUS(styrkort_evaluation_to_json(env, &s, &len, &err), STYRKORT_OK, err);
  CHECK(s != NULL && strstr(s, "\"tag\": \"environment\"") != NULL);
  styrkort_string_free(s);

  /* a dialogue brief between the council and the board */
  CHECK_STATUS(styrkort_evaluation_dialogue_json(e, S("kf"), S("utbn"), &s, &len, &err),
               STYRKORT_OK, err);
  CHECK(s != NULL && strstr(s, "\"format\": \"styrkort-dialogue/1\"") != NULL);
  CHECK(s != NULL && strlen(s) == len);
  styrkort_string_free(s);

  /* assignments (uppdrag): per org, all, an unknown org. u-1 is due
   * 2025-10-31, before the year's end, and still ongoing: overdue. */
  CHECK_STATUS(styrkort_evaluation_assignments_json(e, S("utbn"), &s, &len, &err), STYRKORT_OK,
               err);
  CHECK(s != NULL && strstr(s, "\"assignment\": \"u-1\"") != NULL);
  CHECK(s != NULL && strstr(s, "\"status\": \"ongoing\"") != NULL);
  CHECK(s != NULL && strstr(s, "\"overdue\": true") != NULL);
  CHECK(s != NULL && strlen(s) == len);
  styrkort_string_free(s);
  CHECK_STATUS(styrkort_evaluation_assignments_json(e, S("kf"), &s, &len, &err), STYRKORT_OK,
               err);
  CHECK_STR(s, "[]");
  styrkort_string_free(s);
  CHECK_STATUS(styrkort_evaluation_assignments_json(e, NULL, 0, &s, NULL, &err), STYRKORT_OK,
               err);
  CHECK(s != NULL && strstr(s, "\"comment\": \"Remiss i höst\"") != NULL);
  styrkort_string_free(s);
  CHECK_STATUS(styrkort_evaluation_assignments_json(e, S("nope"), &s, &len, &err),
               STYRKORT_UNKNOWN_ID, err);
  CHECK(s == NULL);
  CHECK(strstr(styrkort_error_message(err), "nope") != NULL);
  styrkort_error_free(err);
  err = NULL;
  /* the brief between the council and the board lists the assignment */
  CHECK_STATUS(styrkort_evaluation_dialogue_json(e, S("kf"), S("utbn"), &s, &len, &err),
               STYRKORT_OK, err);
  CHECK(s != NULL && strstr(s, "\"assignments\": [") != NULL);
  styrkort_string_free(s);

  styrkort_evaluation_free(e);
  styrkort_evaluation_free(env);
  styrkort_error_free(err);
  return check_done("accessors");
}
