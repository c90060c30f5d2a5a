// The header compiles as C++17 with every warning on, and its include
// guard holds: including it twice must not redefine anything.
#include "styrkort.h"
#include "styrkort.h"

#include <cstdio>
#include <cstring>
#include <string>

int main() {
  styrkort_model *model = nullptr;
  styrkort_error *err = nullptr;
  const std::string json = R"({"format": "styrkort/1"})";
  styrkort_status s = styrkort_model_from_json(json.data(), json.size(), &model, &err);
  if (s != STYRKORT_OK) {
    std::fprintf(stderr, "header.cpp: %s\n", styrkort_error_message(err));
    styrkort_error_free(err);
    return 1;
  }
  styrkort_model_free(model);
  if (std::strcmp(styrkort_version(), STYRKORT_VERSION) != 0) return 1;
  static_assert(STYRKORT_PERSPECTIVES == 4, "four perspectives");
  std::printf("header.cpp: ok\n");
  return 0;
}
