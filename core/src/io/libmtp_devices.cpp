// The real MTP: libmtp (Debian libmtp), built as a module of its own (libkeysync-mtp.so beside
// the core library), which the core loads only when a file is pushed (libmtp_loader.cpp). No
// phone can be attached on CI, so only "no device" is exercised there; the push logic above it
// is tested with a folder-backed fake.
#include <cstdlib>
#include <cstring>
#include <libmtp.h>

#include "keysync/error.hpp"
#include "keysync/i18n.hpp"
#include "keysync/mtp.hpp"

namespace keysync {
namespace {

int report_progress(const uint64_t sent, const uint64_t total, void const* const data) {
    (*static_cast<const std::function<void(std::uint64_t, std::uint64_t)>*>(data))(sent, total);
    return 0;
}

class LibmtpDevice : public MtpDevice {
public:
    explicit LibmtpDevice(LIBMTP_mtpdevice_t* device) : device_(device) { LIBMTP_Get_Storage(device_, LIBMTP_STORAGE_SORTBY_NOTSORTED); }
    ~LibmtpDevice() override { LIBMTP_Release_Device(device_); }

    std::string description() const override {
        char* model = LIBMTP_Get_Modelname(device_);
        std::string out = model ? model : tr("Android phone");
        std::free(model);
        if (device_->storage && device_->storage->StorageDescription) out += std::string(" (") + device_->storage->StorageDescription + ")";
        return out;
    }

    std::uint64_t free_bytes() const override { return device_->storage ? device_->storage->FreeSpaceInBytes : 0; }

    bool has_file(const std::string& name) const override { return find(name) != 0; }

    void send(const std::filesystem::path& local, const std::string& name,
              const std::function<void(std::uint64_t, std::uint64_t)>& progress) override {
        if (!device_->storage) throw Error(tr("the phone shows no storage (is it unlocked, with file transfer allowed?)"));
        LIBMTP_file_t* file = LIBMTP_new_file_t();
        file->filename = strdup(name.c_str());
        file->filesize = std::filesystem::file_size(local);
        file->filetype = LIBMTP_FILETYPE_UNKNOWN;
        file->parent_id = LIBMTP_FILES_AND_FOLDERS_ROOT;
        file->storage_id = device_->storage->id;
        int rc = LIBMTP_Send_File_From_File(device_, local.c_str(), file, report_progress, &progress);
        LIBMTP_destroy_file_t(file);
        if (rc != 0) {
            LIBMTP_Clear_Errorstack(device_);
            throw Error(tr("the phone refused the file or was disconnected"));
        }
    }

    void remove(const std::string& name) override {
        if (uint32_t id = find(name); id && LIBMTP_Delete_Object(device_, id) != 0) {
            LIBMTP_Clear_Errorstack(device_);
            throw Error(fill(tr("the phone did not delete {}"), {name}));

        }
    }

private:
    uint32_t find(const std::string& name) const {
        if (!device_->storage) return 0;
        uint32_t id = 0;
        LIBMTP_file_t* files = LIBMTP_Get_Files_And_Folders(device_, device_->storage->id, LIBMTP_FILES_AND_FOLDERS_ROOT);
        while (files) {
            if (!id && files->filename && name == files->filename) id = files->item_id;
            LIBMTP_file_t* next = files->next;
            LIBMTP_destroy_file_t(files);
            files = next;
        }
        return id;
    }
    LIBMTP_mtpdevice_t* device_;
};

class LibmtpDevices : public MtpDevices {
public:
    std::unique_ptr<MtpDevice> first_device() override {
        LIBMTP_Init();
        LIBMTP_raw_device_t* raw = nullptr;
        int count = 0;
        if (LIBMTP_Detect_Raw_Devices(&raw, &count) != LIBMTP_ERROR_NONE || count == 0) {
            std::free(raw);
            return nullptr;
        }
        LIBMTP_mtpdevice_t* device = LIBMTP_Open_Raw_Device_Uncached(&raw[0]);
        std::free(raw);
        return device ? std::make_unique<LibmtpDevice>(device) : nullptr;
    }
};

}  // namespace

// The module's one entry point, found by name when it is loaded (libmtp_loader.cpp).
extern "C" MtpDevices* keysync_new_libmtp_devices() { return new LibmtpDevices; }

}  // namespace keysync
