using Xunit;

namespace Methane.Testing;

/// <summary>
/// A fact that needs a Mosquitto executable. Without one it is skipped with a clear message, except when the environment
/// variable CI is "true": then it runs and fails, so a CI machine that lost its broker cannot pass by skipping.
/// </summary>
public sealed class MosquittoFactAttribute : FactAttribute
{
    public MosquittoFactAttribute()
    {
        if (!MosquittoBroker.IsAvailable && !MosquittoBroker.IsCi)
        {
            Skip = "mosquitto not found (" + MosquittoBroker.SearchDescription +
                   "); install it with: sudo apt-get install -y mosquitto  (with CI=true this test fails instead of skipping)";
        }
    }
}
