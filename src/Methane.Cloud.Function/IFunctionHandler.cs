namespace Methane.Cloud.Function;

/// <summary>One of the function's handlers: an event in, the response out (an exception = the invocation's error).</summary>
public interface IFunctionHandler
{
    Task<byte[]> HandleAsync(byte[] evt, CancellationToken cancel);
}
