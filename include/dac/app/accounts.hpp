#pragma once

#include <optional>
#include <string>

#include "dac/store/store.hpp"

namespace dac::app {

// The own developer account (with its token) of the seller named, or of the
// store's only seller; NotFound when that seller has none.
[[nodiscard]] Authorization own_account(Store& store, const std::optional<std::string>& seller_id);

}  // namespace dac::app
