// Java itself as the oracle for otr4j stores: loads a .properties file with
// java.util.Properties and decodes every key with KeyFactory, as otr4j (Jitsi, ChatSecure) does.
//
//   java KeystoreCheck FILE [PREFIX]
// prints, sorted: "private NAME p q g x", "public NAME p q g y" (hex) and "prop NAME VALUE" for
// every other property whose name starts with PREFIX (default: all).
import java.io.FileInputStream;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.interfaces.DSAPrivateKey;
import java.security.interfaces.DSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

public class KeystoreCheck {
    static String hex(BigInteger n) { return n.toString(16); }

    public static void main(String[] args) throws Exception {
        Properties props = new Properties();
        try (FileInputStream in = new FileInputStream(args[0])) { props.load(in); }
        String prefix = args.length > 1 ? args[1] : "";
        KeyFactory dsa = KeyFactory.getInstance("DSA");
        List<String> out = new ArrayList<>();
        for (String name : props.stringPropertyNames()) {
            if (!name.startsWith(prefix)) continue;
            String value = props.getProperty(name);
            String bare = name.substring(prefix.length());
            if (name.endsWith("privateKey")) {
                DSAPrivateKey k = (DSAPrivateKey) dsa.generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(value)));
                out.add("private " + bare + " " + hex(k.getParams().getP()) + " " + hex(k.getParams().getQ()) + " " + hex(k.getParams().getG()) + " " + hex(k.getX()));
            } else if (name.endsWith("publicKey")) {
                DSAPublicKey k = (DSAPublicKey) dsa.generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder().decode(value)));
                out.add("public " + bare + " " + hex(k.getParams().getP()) + " " + hex(k.getParams().getQ()) + " " + hex(k.getParams().getG()) + " " + hex(k.getY()));
            } else {
                out.add("prop " + bare + " " + value);
            }
        }
        Collections.sort(out);
        for (String line : out) System.out.println(line);
    }
}
