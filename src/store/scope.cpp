// Which part of the inventory a command reads (Store::begin and Store::load).
#include <string>
#include <utility>
#include <vector>

#include "dac/store/store.hpp"

namespace dac {

Scope Scope::part(std::vector<std::string> developer_ids, Instant horizon) {
  Scope scope;
  scope.whole = false;
  scope.developer_ids = std::move(developer_ids);
  scope.expiring_by = horizon;
  return scope;
}

}  // namespace dac
