#include "keysync/error.hpp"
#include "keysync/mtp.hpp"

namespace keysync {

PushResult push_to_phone(MtpDevices& devices, const std::filesystem::path& file,
                         const std::function<void(const std::string&)>& progress) {
    std::unique_ptr<MtpDevice> device = devices.first_device();
    std::string name = file.filename().string();
    if (!device)
        return {false, "no Android phone found over USB (MTP); copy " + file.string() +
                           " to the phone's storage root (where ChatSecure looks for " + name + ")"};
    std::uint64_t size = std::filesystem::file_size(file);
    if (device->free_bytes() < size)
        return {false, device->description() + " is full: " + name + " needs " + std::to_string(size) + " bytes, " +
                           std::to_string(device->free_bytes()) + " are free; nothing was copied"};
    if (device->has_file(name)) device->remove(name);  // ChatSecure reads the newest export only
    int last_percent = -1;
    try {
        device->send(file, name, [&](std::uint64_t sent, std::uint64_t total) {
            int percent = total ? static_cast<int>(sent * 100 / total) : 100;
            if (percent / 25 != last_percent / 25 && progress) progress("copying to " + device->description() + ": " + std::to_string(percent) + "%");
            last_percent = percent;
        });
    } catch (const std::exception& e) {
        std::string cleanup;
        try {
            device->remove(name);
            cleanup = "the partial file was removed";
        } catch (const std::exception& gone) {
            cleanup = "the partial file could not be removed (" + std::string(gone.what()) + "); delete " + name + " on the phone";
        }
        return {false, "copying to " + device->description() + " failed: " + e.what() + "; " + cleanup};
    }
    return {true, "copied " + name + " to " + device->description() + "; open ChatSecure there to import it"};
}

}  // namespace keysync
