package dev.wreg.protocol.crypto;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;

/** The NIST P-256 (secp256r1) domain, using BouncyCastle's constant-time custom curve. */
final class P256 {

    static final ECDomainParameters DOMAIN;

    static {
        X9ECParameters x9 = CustomNamedCurves.getByName("secp256r1");
        DOMAIN = new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN(), x9.getH(), x9.getSeed());
    }

    private P256() {}
}
