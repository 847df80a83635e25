/* The reference the bench compares KeySync with: libotr itself reading a private key file and
 * a fingerprint file and writing the fingerprints back.
 *   libotr_reference KEYFILE FPFILE OUTFILE */
#include <stdio.h>

#include <gcrypt.h>
#include <libotr/privkey.h>
#include <libotr/proto.h>
#include <libotr/userstate.h>

int main(int argc, char **argv) {
    if (argc != 4) return 2;
    OTRL_INIT;
    OtrlUserState us = otrl_userstate_create();
    if (otrl_privkey_read(us, argv[1]) || otrl_privkey_read_fingerprints(us, argv[2], NULL, NULL) ||
        otrl_privkey_write_fingerprints(us, argv[3])) {
        fprintf(stderr, "libotr failed\n");
        return 1;
    }
    otrl_userstate_free(us);
    return 0;
}
