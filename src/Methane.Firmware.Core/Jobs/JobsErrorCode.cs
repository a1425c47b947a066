namespace Methane.Firmware.Core.Jobs
{
    /// <summary>The <c>code</c> of an AWS IoT Jobs ErrorResponse on a …/rejected topic.</summary>
    public enum JobsErrorCode
    {
        None = 0,
        Other = 1,
        InvalidTopic = 2,
        InvalidJson = 3,
        InvalidRequest = 4,
        InvalidStateTransition = 5,
        ResourceNotFound = 6,
        VersionMismatch = 7,
        InternalError = 8,
        RequestThrottled = 9,
        TerminalStateReached = 10,
    }
}
