namespace Methane.Firmware.Core.Ota
{
    public enum OtaStepResult
    {
        /// <summary>Call <see cref="OtaDownload.Step"/> again.</summary>
        Working = 0,
        /// <summary>The slot holds exactly the declared size and the SHA-256 matched.</summary>
        Completed = 1,
        /// <summary>Gave up; <see cref="OtaDownload.Error"/> says why.</summary>
        Failed = 2,
        /// <summary>No download started.</summary>
        Idle = 3,
    }
}
