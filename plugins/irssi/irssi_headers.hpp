#pragma once
// irssi's headers have no extern "C" guards and pull in GLib, which must stay outside the C
// block (HOSTS.md §2): include GLib first, then wrap irssi.
#include <glib.h>
#include <glib-unix.h>
#include <gmodule.h>

#ifndef MODULE_NAME
#define MODULE_NAME "keysync/core"
#endif

extern "C" {
#include <irssi/src/common.h>
#include <irssi/src/core/chatnets.h>
#include <irssi/src/core/commands.h>
#include <irssi/src/core/levels.h>
#include <irssi/src/core/modules.h>
#include <irssi/src/core/servers-setup.h>
#include <irssi/src/core/servers.h>
#include <irssi/src/core/settings.h>
#include <irssi/src/fe-common/core/printtext.h>
}
