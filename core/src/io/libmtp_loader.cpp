// libmtp_devices(): the real phones. libmtp, with the USB and udev libraries it brings, is
// about 0.9 MiB of every process that links it, and only an export that pushes to a phone
// uses it: it is a module beside the core library (libmtp_devices.cpp), loaded at the first push.
#include <dlfcn.h>
#include <filesystem>
#include <mutex>

#include "keysync/error.hpp"
#include "keysync/i18n.hpp"
#include "keysync/mtp.hpp"

namespace keysync {
namespace {

using NewDevices = MtpDevices* (*)();

// The module's path: in the core library's folder (the build tree's, or the installed private one).
std::filesystem::path module_path() {
    Dl_info info{};
    const std::filesystem::path name = "libkeysync-mtp.so";
    if (dladdr(reinterpret_cast<void*>(&libmtp_devices), &info) == 0 || !info.dli_fname) return name;
    return std::filesystem::path(info.dli_fname).parent_path() / name;
}

NewDevices load_module() {
    const std::filesystem::path path = module_path();
    void* module = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);  // never closed: the devices it makes outlive each call
    // (dlerror's text names the file.)
    if (!module) throw Error(fill(tr("cannot load the phone (MTP) support: {}"), {dlerror()}));
    void* entry = dlsym(module, "keysync_new_libmtp_devices");
    if (!entry) throw Error(fill(tr("cannot load the phone (MTP) support: {}"), {dlerror()}));
    return reinterpret_cast<NewDevices>(entry);
}

}  // namespace

std::unique_ptr<MtpDevices> libmtp_devices() {
    static std::mutex loading;  // plugins export on a worker thread
    static NewDevices new_devices = nullptr;
    std::lock_guard<std::mutex> lock(loading);
    if (!new_devices) new_devices = load_module();
    return std::unique_ptr<MtpDevices>(new_devices());
}

}  // namespace keysync
