#pragma once
// Pushing a file to an Android phone over USB (MTP). Behind an interface so the push logic is
// tested with a folder-backed fake; the real one is libmtp (DESIGN.md §6).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

namespace keysync {

class MtpDevice {
public:
    virtual ~MtpDevice() = default;
    virtual std::string description() const = 0;         // "Google Pixel 7 (Internal storage)"
    virtual std::uint64_t free_bytes() const = 0;          // in the storage the root is on
    virtual bool has_file(const std::string& name) const = 0;  // in the storage root
    // Sends LOCAL to the storage root as NAME; PROGRESS(sent, total) is called as it goes.
    // Throws Error when the transfer fails (the caller removes any partial file).
    virtual void send(const std::filesystem::path& local, const std::string& name,
                      const std::function<void(std::uint64_t, std::uint64_t)>& progress) = 0;
    virtual void remove(const std::string& name) = 0;      // no error when absent
};

class MtpDevices {
public:
    virtual ~MtpDevices() = default;
    virtual std::unique_ptr<MtpDevice> first_device() = 0;  // nullptr: no phone connected
};

std::unique_ptr<MtpDevices> libmtp_devices();

struct PushResult {
    bool pushed = false;
    std::string message;  // what happened, for the user
};

// Puts FILE in the phone's storage root, replacing a file of that name; checks the free space
// first, reports progress, and removes the partial file when a transfer fails.
PushResult push_to_phone(MtpDevices& devices, const std::filesystem::path& file,
                         const std::function<void(const std::string&)>& progress);

}  // namespace keysync
