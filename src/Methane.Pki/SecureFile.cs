namespace Methane.Pki;

/// <summary>Writes PKI files: private keys owner-only (mode 600) from the moment they exist, certificates world-readable.</summary>
public static class SecureFile
{
    public const UnixFileMode PrivateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode PublicMode = PrivateMode | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    public const UnixFileMode PrivateDirectoryMode = PrivateMode | UnixFileMode.UserExecute;

    public static void WritePrivate(string path, string text) => Write(path, text, PrivateMode);

    public static void WritePublic(string path, string text) => Write(path, text, PublicMode);

    /// <summary>Creates the directory (owner-only on Unix if it is new).</summary>
    public static void EnsureDirectory(string path)
    {
        if (Directory.Exists(path)) return;
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else Directory.CreateDirectory(path, PrivateDirectoryMode);
    }

    private static void Write(string path, string text, UnixFileMode mode)
    {
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir != null) EnsureDirectory(dir);
        // Write a new file created with the final mode, then rename: a key is never readable by others, not even briefly,
        // and an interrupted write never leaves half a PEM under the real name.
        string temp = path + ".tmp-" + Environment.ProcessId;
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = mode;
        try
        {
            using (var stream = new FileStream(temp, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(text);
            }
            // umask may have cleared bits of UnixCreateMode; set the exact mode.
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, mode);
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
