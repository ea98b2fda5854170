// Fuzzes how dac reads a state.json: the fast reader and the strict codec
// behind it (parse_json + state_from_json), as JsonStore::load runs them.
// Neither may crash or throw anything but dac::Error (anything else is an
// "internal error" without a place); whatever the fast reader accepts, the
// codec accepts as the same state; and a state that loads is written back to
// text that loads as the same state.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "dac/core/error.hpp"
#include "store/codec.hpp"
#include "store/fast_codec.hpp"

namespace {

std::string text_of(const dac::State& state) {
  std::string out;
  dac::fast::write_state_json(state, [&](std::string_view chunk) { out.append(chunk); });
  return out;
}

[[noreturn]] void bug(const char* what) {
  (void)std::fprintf(stderr, "BUG: %s\n", what);
  std::abort();
}

std::optional<dac::State> codec_load(std::string_view text) {
  try {
    return dac::state_from_json(dac::parse_json(text, "state.json"), "state.json");
  } catch (const dac::Error&) {
    return std::nullopt;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::optional<dac::State> fast = dac::fast::state_from_json(text);
  const std::optional<dac::State> slow = codec_load(text);
  if (fast && !slow) bug("the fast reader accepted a state.json that the codec refuses");
  if (fast && text_of(*fast) != text_of(*slow)) bug("the fast reader and the codec read different states");
  if (slow) {
    // dac writes format 2 only, and a format-1 state gets its id from the
    // store's first write (JsonStore's upgrade): write it as that write would.
    dac::State to_write = *slow;
    if (to_write.store_id.empty()) to_write.store_id = "0123456789abcdef0123456789abcdef";
    const std::string written = text_of(to_write);
    const std::optional<dac::State> again = codec_load(written);
    if (!again) bug("dac cannot read back a state it wrote");
    if (text_of(*again) != written) bug("a state changes when written and read back");
    const std::optional<dac::State> fast_again = dac::fast::state_from_json(written);
    if (fast_again && text_of(*fast_again) != written) bug("the fast reader misreads a state dac wrote");
  }
  return 0;
}
