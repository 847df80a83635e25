#pragma once
// The plugin's one background job on libpurple's event loop (purple_input_add), so Pidgin's
// UI never waits for file work or a push to the phone. Created on load, stopped on unload.
#include "keysync/background_job.hpp"

namespace keysync::pidgin {

void open_job_slot();
void close_job_slot();  // waits for a running job: its files are never left half-written
JobSlot& job_slot();

}  // namespace keysync::pidgin
