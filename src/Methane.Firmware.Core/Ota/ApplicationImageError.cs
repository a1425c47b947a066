namespace Methane.Firmware.Core.Ota
{
    /// <summary>Why a slot's bytes are not an <see cref="ApplicationImage"/>.</summary>
    public enum ApplicationImageError
    {
        None = 0,

        /// <summary>The image ends inside its header.</summary>
        TooShort = 1,

        /// <summary>The first four bytes are not "MAI1" (for example a bare .pe from before the core had its own assembly).</summary>
        BadMagic = 2,

        /// <summary>The assembly count is 0 or above <see cref="ApplicationImage.MaxAssemblies"/>.</summary>
        BadCount = 3,

        /// <summary>An assembly length is shorter than the .pe marker or above <see cref="ApplicationImage.MaxAssemblyBytes"/>.</summary>
        BadLength = 4,

        /// <summary>An assembly name is empty, too long or has a byte other than letters, digits, '.', '_', '-'.</summary>
        BadName = 5,

        /// <summary>Header plus assemblies do not add up to the image length (truncated, or bytes after the last assembly).</summary>
        LengthMismatch = 6,
    }
}
