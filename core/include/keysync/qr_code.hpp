#pragma once
// QR codes of the ChatSecure password (formats.md 3.2): libqrencode makes the symbol, libpng
// the image, and UTF-8 half blocks the terminal art.
#include <string>
#include <vector>

#include "keysync/dsa_key.hpp"
#include "keysync/secure_memory.hpp"

namespace keysync {

struct QrCode {
    int width = 0;
    std::vector<bool> dark;  // width*width modules, row by row
    bool at(int x, int y) const { return x >= 0 && y >= 0 && x < width && y < width && dark[static_cast<std::size_t>(y * width + x)]; }
};

QrCode make_qr_code(const SecureString& text);

// A grey-scale PNG: black modules on white, MODULE_PIXELS per module, a 4-module quiet zone.
Bytes qr_code_png(const QrCode& code, int module_pixels = 8);

// Two modules per character row with "▀", "▄", "█" and " " as `qrencode -t UTF8` draws them:
// light modules are drawn, so on a terminal with light text on a dark background the symbol is
// dark on light, as phones scan it. A 2-module quiet zone.
std::string qr_code_terminal_art(const QrCode& code);

}  // namespace keysync
