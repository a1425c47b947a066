using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Xunit;

namespace Methane.Firmware.Core.Tests.Portability;

/// <summary>
/// The C# compiler happily emits generics against nanoFramework's mscorlib, but the 1.x runtime cannot load them.
/// So the nanoFramework build of the core is opened as metadata and checked for anything the device cannot run.
/// </summary>
public sealed class NanoFrameworkAssemblyTests
{
    private static string NanoAssemblyPath()
    {
        var path = typeof(NanoFrameworkAssemblyTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "NanoCoreAssembly").Value!;
        Assert.True(File.Exists(path), $"nanoFramework build of the core not found at {path}");
        return path;
    }

    private static T WithMetadata<T>(Func<MetadataReader, T> read)
    {
        using var stream = File.OpenRead(NanoAssemblyPath());
        using var pe = new PEReader(stream);
        return read(pe.GetMetadataReader());
    }

    [Fact]
    public void References_only_mscorlib()
    {
        var names = WithMetadata(md => md.AssemblyReferences
            .Select(h => md.GetString(md.GetAssemblyReference(h).Name)).ToArray());
        Assert.Equal(new[] { "mscorlib" }, names);
    }

    [Fact]
    public void Mscorlib_reference_is_nanoFrameworks_own()
    {
        var packageMscorlib = typeof(NanoFrameworkAssemblyTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "NanoMscorlib").Value!;
        var expected = AssemblyName.GetAssemblyName(packageMscorlib);
        var (version, token) = WithMetadata(md =>
        {
            var r = md.GetAssemblyReference(md.AssemblyReferences.Single());
            return (r.Version, md.GetBlobBytes(r.PublicKeyOrToken));
        });
        Assert.Equal(expected.Version, version);
        Assert.Equal(Convert.ToHexString(expected.GetPublicKeyToken()!), Convert.ToHexString(token));
        // The desktop/.NET mscorlib tokens must never appear: that would mean the core was built against the wrong library.
        Assert.NotEqual("B77A5C561934E089", Convert.ToHexString(token));
        Assert.NotEqual("7CEC85D7BEA7798E", Convert.ToHexString(token));
    }

    [Fact]
    public void Defines_no_generic_type_or_method()
    {
        var offenders = WithMetadata(md =>
        {
            var found = new List<string>();
            foreach (var h in md.TypeDefinitions)
            {
                var t = md.GetTypeDefinition(h);
                if (t.GetGenericParameters().Count > 0) found.Add("type " + md.GetString(t.Name));
                foreach (var mh in t.GetMethods())
                {
                    var m = md.GetMethodDefinition(mh);
                    if (m.GetGenericParameters().Count > 0) found.Add("method " + md.GetString(t.Name) + "." + md.GetString(m.Name));
                }
            }
            return found;
        });
        Assert.Empty(offenders);
    }

    [Fact]
    public void References_no_generic_instantiation()
    {
        var counts = WithMetadata(md => new
        {
            TypeSpecs = md.GetTableRowCount(TableIndex.TypeSpec),
            MethodSpecs = md.GetTableRowCount(TableIndex.MethodSpec),
            GenericParams = md.GetTableRowCount(TableIndex.GenericParam),
            GenericTypeRefs = md.TypeReferences.Select(h => md.GetString(md.GetTypeReference(h).Name)).Where(n => n.Contains('`')).ToArray(),
        });
        // TypeSpec rows also encode arrays of value types in some signatures, so inspect the blobs rather than the count alone.
        var genericSpecs = WithMetadata(md =>
        {
            var bad = new List<string>();
            for (int row = 1; row <= md.GetTableRowCount(TableIndex.TypeSpec); row++)
            {
                var spec = md.GetTypeSpecification(MetadataTokens.TypeSpecificationHandle(row));
                var blob = md.GetBlobReader(spec.Signature);
                var code = blob.ReadSignatureTypeCode();
                if (code == SignatureTypeCode.GenericTypeInstance || code == SignatureTypeCode.GenericTypeParameter || code == SignatureTypeCode.GenericMethodParameter)
                    bad.Add($"TypeSpec row {row}: {code}");
            }
            return bad;
        });
        Assert.Empty(genericSpecs);
        Assert.Equal(0, counts.MethodSpecs);
        Assert.Equal(0, counts.GenericParams);
        Assert.Empty(counts.GenericTypeRefs);
    }

    [Fact]
    public void Uses_no_type_outside_nanoFrameworks_mscorlib()
    {
        // Guards against a type that exists in the desktop BCL but not in nanoFramework (would have failed to compile anyway),
        // and documents which mscorlib types the core leans on.
        var used = WithMetadata(md => md.TypeReferences
            .Select(h => md.GetTypeReference(h))
            .Select(t => md.GetString(t.Namespace) + "." + md.GetString(t.Name)).Distinct().OrderBy(n => n).ToArray());
        Assert.DoesNotContain(used, n => n.StartsWith("System.Text.") || n.StartsWith("System.Linq") || n.StartsWith("System.Threading.Tasks"));
    }
}
