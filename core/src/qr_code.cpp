#include "keysync/qr_code.hpp"

#include <memory>

#include <png.h>
#include <qrencode.h>

#include "keysync/error.hpp"
#include "keysync/i18n.hpp"

namespace keysync {
namespace {

struct QrFree {
    void operator()(QRcode* q) const {
        OPENSSL_cleanse(q->data, static_cast<std::size_t>(q->width * q->width));
        QRcode_free(q);
    }
};

void append_png_bytes(png_structp png, png_bytep data, png_size_t size) {
    auto* out = static_cast<Bytes*>(png_get_io_ptr(png));
    out->insert(out->end(), data, data + size);
}

}  // namespace

QrCode make_qr_code(const SecureString& text) {
    std::unique_ptr<QRcode, QrFree> qr(QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
    if (!qr) throw Error(tr("cannot make a QR code (libqrencode)"));
    QrCode code;
    code.width = qr->width;
    for (int i = 0; i < qr->width * qr->width; ++i) code.dark.push_back(qr->data[i] & 1);
    return code;
}

Bytes qr_code_png(const QrCode& code, int module_pixels) {
    const int quiet = 4, size = (code.width + 2 * quiet) * module_pixels;
    Bytes out;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    png_infop info = png ? png_create_info_struct(png) : nullptr;
    if (!info) {
        png_destroy_write_struct(&png, nullptr);
        throw Error(tr("cannot make a PNG (libpng)"));
    }
    std::vector<png_byte> row(static_cast<std::size_t>(size));
    if (setjmp(png_jmpbuf(png))) {  // libpng reports errors by longjmp
        png_destroy_write_struct(&png, &info);
        throw Error(tr("cannot make a PNG (libpng)"));
    }
    png_set_write_fn(png, &out, append_png_bytes, nullptr);
    png_set_IHDR(png, info, static_cast<png_uint_32>(size), static_cast<png_uint_32>(size), 8, PNG_COLOR_TYPE_GRAY,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (int y = 0; y < size; ++y) {
        for (int x = 0; x < size; ++x)
            row[static_cast<std::size_t>(x)] = code.at(x / module_pixels - quiet, y / module_pixels - quiet) ? 0 : 255;
        png_write_row(png, row.data());
    }
    png_write_end(png, nullptr);
    png_destroy_write_struct(&png, &info);
    return out;
}

std::string qr_code_terminal_art(const QrCode& code) {
    const int quiet = 2, size = code.width + 2 * quiet;
    std::string out;
    for (int y = 0; y < size; y += 2) {
        for (int x = 0; x < size; ++x) {
            bool top_light = !code.at(x - quiet, y - quiet), bottom_light = y + 1 < size ? !code.at(x - quiet, y + 1 - quiet) : false;
            out += top_light ? (bottom_light ? "\u2588" : "\u2580") : (bottom_light ? "\u2584" : " ");
        }
        out += '\n';
    }
    return out;
}

}  // namespace keysync
