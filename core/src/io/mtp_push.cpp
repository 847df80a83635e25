#include "keysync/error.hpp"
#include "keysync/mtp.hpp"
#include "keysync/i18n.hpp"

namespace keysync {

PushResult push_to_phone(MtpDevices& devices, const std::filesystem::path& file,
                         const std::function<void(const std::string&)>& progress) {
    std::unique_ptr<MtpDevice> device = devices.first_device();
    std::string name = file.filename().string();
    if (!device)
        return {false, fill(tr("no Android phone found over USB (MTP); copy {} to the phone's storage root (where ChatSecure looks for {})"),
                            {file.string(), name})};
    std::uint64_t size = std::filesystem::file_size(file);
    if (device->free_bytes() < size)
        return {false, fill(tr("{} is full: {} needs {} bytes, {} are free; nothing was copied"),
                            {device->description(), name, std::to_string(size), std::to_string(device->free_bytes())})};
    if (device->has_file(name)) device->remove(name);  // ChatSecure reads the newest export only
    int last_percent = -1;
    try {
        device->send(file, name, [&](std::uint64_t sent, std::uint64_t total) {
            int percent = total ? static_cast<int>(sent * 100 / total) : 100;
            if (percent / 25 != last_percent / 25 && progress) progress(fill(tr("copying to {}: {}%"), {device->description(), std::to_string(percent)}));
            last_percent = percent;
        });
    } catch (const std::exception& e) {
        std::string cleanup;
        try {
            device->remove(name);
            cleanup = tr("the partial file was removed");
        } catch (const std::exception& gone) {
            cleanup = fill(tr("the partial file could not be removed ({}); delete {} on the phone"), {gone.what(), name});
        }
        return {false, fill(tr("copying to {} failed: {}; {}"), {device->description(), e.what(), cleanup})};
    }
    return {true, fill(tr("copied {} to {}; open ChatSecure there to import it"), {name, device->description()})};
}

}  // namespace keysync
