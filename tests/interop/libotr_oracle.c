/* The real libotr as a test oracle: generates keys, builds fingerprint stores through libotr's
 * own API and writes them, and dumps what libotr reads from a key/fingerprint file pair.
 *
 *   libotr_oracle gen KEYFILE ACCOUNT PROTOCOL
 *   libotr_oracle writefp FPFILE < lines "user\taccount\tprotocol\thex40\ttrust"
 *   libotr_oracle dump KEYFILE FPFILE      (either may be "-" for none)
 *   libotr_oracle mpi HEX                  how libotr's file writer (gcry_sexp_sprint, advanced
 *                                          format) prints (x MPI) for the MPI of that value
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gcrypt.h>
#include <libotr/context.h>
#include <libotr/privkey.h>
#include <libotr/proto.h>
#include <libotr/userstate.h>

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static int cmd_gen(OtrlUserState us, const char *keyfile, const char *account, const char *protocol) {
    otrl_privkey_read(us, keyfile); /* keep other accounts already in the file */
    gcry_error_t err = otrl_privkey_generate(us, keyfile, account, protocol);
    if (err) {
        fprintf(stderr, "generate: %s\n", gcry_strerror(err));
        return 1;
    }
    return 0;
}

static int cmd_writefp(OtrlUserState us, const char *fpfile) {
    char line[4096];
    while (fgets(line, sizeof line, stdin)) {
        char *fields[5] = {0};
        char *p = line;
        line[strcspn(line, "\n")] = 0;
        for (int i = 0; i < 5; ++i) {
            fields[i] = p;
            char *tab = strchr(p, '\t');
            if (!tab) { if (i < 4) { fprintf(stderr, "bad line\n"); return 1; } break; }
            *tab = 0;
            p = tab + 1;
        }
        unsigned char fp[20];
        for (int i = 0; i < 20; ++i) fp[i] = (unsigned char)(hexval(fields[3][2 * i]) << 4 | hexval(fields[3][2 * i + 1]));
        ConnContext *ctx = otrl_context_find(us, fields[0], fields[1], fields[2], OTRL_INSTAG_MASTER, 1, NULL, NULL, NULL);
        Fingerprint *f = otrl_context_find_fingerprint(ctx, fp, 1, NULL);
        otrl_context_set_trust(f, fields[4] ? fields[4] : "");
    }
    gcry_error_t err = otrl_privkey_write_fingerprints(us, fpfile);
    if (err) {
        fprintf(stderr, "write fingerprints: %s\n", gcry_strerror(err));
        return 1;
    }
    return 0;
}

static int cmd_dump(OtrlUserState us, const char *keyfile, const char *fpfile) {
    if (strcmp(keyfile, "-") != 0) {
        gcry_error_t err = otrl_privkey_read(us, keyfile);
        if (err) {
            fprintf(stderr, "read keys: %s\n", gcry_strerror(err));
            return 1;
        }
    }
    if (strcmp(fpfile, "-") != 0) {
        gcry_error_t err = otrl_privkey_read_fingerprints(us, fpfile, NULL, NULL);
        if (err) {
            fprintf(stderr, "read fingerprints: %s\n", gcry_strerror(err));
            return 1;
        }
    }
    for (OtrlPrivKey *k = us->privkey_root; k; k = k->next) {
        char human[OTRL_PRIVKEY_FPRINT_HUMAN_LEN];
        otrl_privkey_fingerprint(us, human, k->accountname, k->protocol);
        printf("key\t%s\t%s\t%s\n", k->accountname, k->protocol, human);
    }
    for (ConnContext *c = us->context_root; c; c = c->next) {
        if (c != c->m_context) continue;
        for (Fingerprint *f = c->fingerprint_root.next; f; f = f->next) {
            printf("fp\t%s\t%s\t%s\t", c->username, c->accountname, c->protocol);
            for (int i = 0; i < 20; ++i) printf("%02x", f->fingerprint[i]);
            printf("\t%s\n", f->trust ? f->trust : "");
        }
    }
    return 0;
}

/* libotr writes its keys with gcry_sexp_sprint(GCRYSEXP_FMT_ADVANCED); the same for one MPI. */
static int cmd_mpi(const char *hex) {
    gcry_mpi_t mpi = NULL;
    gcry_sexp_t sexp = NULL;
    if (gcry_mpi_scan(&mpi, GCRYMPI_FMT_HEX, hex, 0, NULL) || gcry_sexp_build(&sexp, NULL, "(x %m)", mpi)) return 1;
    size_t len = gcry_sexp_sprint(sexp, GCRYSEXP_FMT_ADVANCED, NULL, 0);
    char *buf = malloc(len);
    gcry_sexp_sprint(sexp, GCRYSEXP_FMT_ADVANCED, buf, len);
    fwrite(buf, 1, strlen(buf), stdout);
    free(buf);
    gcry_sexp_release(sexp);
    gcry_mpi_release(mpi);
    return 0;
}

int main(int argc, char **argv) {
    OTRL_INIT;
    OtrlUserState us = otrl_userstate_create();
    int rc = 2;
    if (argc == 5 && !strcmp(argv[1], "gen")) rc = cmd_gen(us, argv[2], argv[3], argv[4]);
    else if (argc == 3 && !strcmp(argv[1], "writefp")) rc = cmd_writefp(us, argv[2]);
    else if (argc == 4 && !strcmp(argv[1], "dump")) rc = cmd_dump(us, argv[2], argv[3]);
    else if (argc == 3 && !strcmp(argv[1], "mpi")) rc = cmd_mpi(argv[2]);
    else fprintf(stderr, "usage: libotr_oracle gen KEYFILE ACCOUNT PROTOCOL | writefp FPFILE | dump KEYFILE FPFILE | mpi HEX\n");
    otrl_userstate_free(us);
    return rc;
}
