#!/usr/bin/python3
"""python3-potr (Debian) as a test oracle for potr's files (.key3, .fpr).

  potr_oracle.py gen KEYFILE            make a key with potr, write it as potr does, print its fingerprint
  potr_oracle.py fingerprint KEYFILE    load a key file as otr.py/gotr do, print cfingerprint()
  potr_oracle.py reserialize KEYFILE OUT  load a key file and write it back with potr
  potr_oracle.py trusts FPRFILE ACCOUNT PROTOCOL
                                        load trusts exactly as otr.py's load_trusts does (5 fields
                                        per line, last char chopped), print "peer fpr trust" lines
"""
import sys

import potr
from Cryptodome.PublicKey import DSA


def load_key(path):
    with open(path, 'rb') as f:
        return potr.crypt.PK.parsePrivateKey(f.read())[0]


def main(argv):
    command = argv[1]
    if command == 'gen':
        # DSAKey.generate() is broken with Debian's pycryptodome 3.11 (HOSTS.md §6).
        d = DSA.generate(1024)
        key = potr.compatcrypto.DSAKey((d.y, d.g, d.p, d.q, d.x), private=True)
        with open(argv[2], 'wb') as f:
            f.write(key.serializePrivateKey())
        print(key.cfingerprint())
    elif command == 'fingerprint':
        print(load_key(argv[2]).cfingerprint())
    elif command == 'reserialize':
        with open(argv[3], 'wb') as f:
            f.write(load_key(argv[2]).serializePrivateKey())
    elif command == 'trusts':
        account, protocol = argv[3], argv[4]
        with open(argv[2]) as f:
            for line in f:
                context, acct, proto, fpr, trust = line[:-1].split('\t')
                if acct == account and proto == protocol:
                    print(context, fpr, trust or '-')
    else:
        sys.exit('unknown command ' + command)


if __name__ == '__main__':
    main(sys.argv)
