#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "dac/notify/request.hpp"

using dac::notify::SendReport;
using nlohmann::json;

namespace {

// The line dac-send writes for `report`, and the report dac reads back from it.
std::string line_of(const SendReport& report) { return json(report).dump(); }
SendReport read_back(const std::string& line) { return json::parse(line).get<SendReport>(); }

}  // namespace

TEST_CASE("dac-send's report lines keep their wire shape and read back", "[notify][report]") {
  const SendReport retrying{.attempt = 1, .code = 503, .text = "HTTP 503", .retry = true, .wait_ms = 1000, .ms = 12};
  CHECK(line_of(retrying) == R"({"attempt":1,"code":503,"ms":12,"result":"HTTP 503","retry":true,"wait_ms":1000})");
  CHECK(read_back(line_of(retrying)) == retrying);

  const SendReport last_try{.attempt = 4, .code = 503, .text = "HTTP 503", .ms = 9};
  CHECK(line_of(last_try) == R"({"attempt":4,"code":503,"ms":9,"result":"HTTP 503","retry":false})");
  CHECK(read_back(line_of(last_try)) == last_try);

  const SendReport delivered{.done = true, .ok = true, .attempt = 2, .code = 200, .text = "HTTP 200", .ms = 31};
  CHECK(line_of(delivered) == R"({"attempts":2,"code":200,"done":true,"ms":31,"ok":true,"result":"HTTP 200"})");
  CHECK(read_back(line_of(delivered)) == delivered);

  const SendReport failed{.done = true, .attempt = 4, .code = 503, .text = "HTTP 503 (after 4 attempts)"};
  const char* const failed_line =
      R"json({"attempts":4,"code":503,"done":true,"error":"HTTP 503 (after 4 attempts)","ok":false})json";
  CHECK(line_of(failed) == failed_line);
  CHECK(read_back(line_of(failed)) == failed);

  const SendReport bad_request{.done = true, .text = "dac-send: bad request from dac"};
  CHECK(line_of(bad_request) == R"({"attempts":0,"done":true,"error":"dac-send: bad request from dac","ok":false})");
  CHECK(read_back(line_of(bad_request)) == bad_request);
}

TEST_CASE("a report line of the wrong shape is an error, not a guess", "[notify][report]") {
  CHECK_THROWS_AS(read_back(R"({"done":true,"ok":"yes"})"), json::exception);
  CHECK_THROWS_AS(read_back(R"({"attempt":1,"code":"503"})"), json::exception);
}
