#include "pidgin_jobs.hpp"

#include <libpurple/purple.h>

#include "keysync/error.hpp"
#include "keysync/i18n.hpp"

namespace keysync::pidgin {
namespace {

JobSlot* slot = nullptr;

void on_job_ready(gpointer, gint, PurpleInputCondition) {
    try {
        if (slot) slot->on_ready();
    } catch (...) {  // the continuations catch their own; nothing may reach libpurple
    }
}

}  // namespace

void open_job_slot() {
    if (slot) return;
    slot = new JobSlot([](int fd) { return JobSlot::Handle(purple_input_add(fd, PURPLE_INPUT_READ, on_job_ready, nullptr)); },
                       [](JobSlot::Handle input) { purple_input_remove(static_cast<guint>(input)); });
}

void close_job_slot() {
    delete slot;
    slot = nullptr;
}

JobSlot& job_slot() {
    if (!slot) throw Error(tr("KeySync is not loaded"));
    return *slot;
}

}  // namespace keysync::pidgin
