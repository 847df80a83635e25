#pragma once
// Making a store of 100k entries from the records a reader collected (ChatSecure's and
// Jitsi's) holds the records, the contacts' names and the new entries at once: several MiB for
// a moment. A sync reads two locations on two threads, and when both came to that step
// together its peak rose by 4 MiB. Holding a turn makes them take it one after the other.
#include <mutex>

namespace keysync {

class StoreBuildingTurn {
public:
    StoreBuildingTurn();  // waits while another thread holds one

private:
    std::lock_guard<std::mutex> turn_;
};

}  // namespace keysync
