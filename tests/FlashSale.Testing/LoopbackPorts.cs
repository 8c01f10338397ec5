using System.Net;
using System.Net.Sockets;

namespace FlashSale.Testing;

public static class LoopbackPorts
{
    /// <summary>A loopback port that was free a moment ago, for a server the test starts itself.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
