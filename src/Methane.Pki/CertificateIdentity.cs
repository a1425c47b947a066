using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace Methane.Pki;

/// <summary>
/// Who a client certificate (already chained to the CA) speaks for, read the same strict way everywhere: exactly one CN
/// in the subject, the CN a valid thing name (<see cref="ThingName"/>: no '+', '#', '/', at most 64 characters), and the
/// service role only with the service extended key usage (<see cref="ServiceIdentity.ServiceUsageOid"/>), never by name.
/// </summary>
public sealed class CertificateIdentity
{
    private const string CommonNameOid = "2.5.4.3";

    private CertificateIdentity(string name, bool isService)
    {
        Name = name;
        IsService = isService;
    }

    /// <summary>The CN: thing name (= MQTT client id) or service name.</summary>
    public string Name { get; }

    public bool IsService { get; }

    /// <summary>The identity, or null with the reason why the certificate speaks for nobody.</summary>
    public static CertificateIdentity? Read(X509Certificate2? certificate, out string reason)
    {
        if (certificate is null)
        {
            reason = "no client certificate";
            return null;
        }
        List<string> names;
        try
        {
            names = CommonNames(certificate.SubjectName);
        }
        catch (AsnContentException e)
        {
            reason = "certificate subject is not valid DER: " + e.Message;
            return null;
        }
        if (names.Count != 1)
        {
            reason = $"certificate subject has {names.Count} CNs (expected exactly 1): '{certificate.Subject}'";
            return null;
        }
        if (!ThingName.IsValid(names[0], out string why))
        {
            reason = "certificate CN: " + why;
            return null;
        }
        reason = "";
        return new CertificateIdentity(names[0], HasServiceUsage(certificate));
    }

    /// <summary>Every CN attribute of the subject, in order (a multi-valued RDN counts each).</summary>
    public static List<string> CommonNames(X500DistinguishedName subject)
    {
        var names = new List<string>();
        var reader = new AsnReader(subject.RawData, AsnEncodingRules.DER);
        AsnReader rdnSequence = reader.ReadSequence();
        while (rdnSequence.HasData)
        {
            AsnReader rdn = rdnSequence.ReadSetOf();
            while (rdn.HasData)
            {
                AsnReader attribute = rdn.ReadSequence();
                string oid = attribute.ReadObjectIdentifier();
                if (oid == CommonNameOid) names.Add(ReadDirectoryString(attribute));
                else attribute.ReadEncodedValue();
            }
        }
        return names;
    }

    private static string ReadDirectoryString(AsnReader attribute)
    {
        Asn1Tag tag = attribute.PeekTag();
        if (tag.TagClass == TagClass.Universal)
        {
            switch ((UniversalTagNumber)tag.TagValue)
            {
                case UniversalTagNumber.UTF8String:
                case UniversalTagNumber.PrintableString:
                case UniversalTagNumber.IA5String:
                case UniversalTagNumber.BMPString:
                case UniversalTagNumber.T61String:
                    return attribute.ReadCharacterString((UniversalTagNumber)tag.TagValue);
            }
        }
        attribute.ReadEncodedValue();
        return "\uFFFD"; // an encoding no thing name uses: invalid by construction
    }

    private static bool HasServiceUsage(X509Certificate2 certificate)
    {
        foreach (X509Extension extension in certificate.Extensions)
        {
            if (extension is not X509EnhancedKeyUsageExtension eku) continue;
            foreach (var oid in eku.EnhancedKeyUsages)
            {
                if (oid.Value == ServiceIdentity.ServiceUsageOid) return true;
            }
        }
        return false;
    }
}
