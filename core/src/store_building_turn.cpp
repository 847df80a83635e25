#include "keysync/store_building_turn.hpp"

namespace keysync {
namespace {
std::mutex& turns() {
    static std::mutex turn;
    return turn;
}
}  // namespace

StoreBuildingTurn::StoreBuildingTurn() : turn_(turns()) {}

}  // namespace keysync
