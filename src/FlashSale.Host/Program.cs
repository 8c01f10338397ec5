using System.Text;
using FlashSale.Fcodes;
using FlashSale.Fulfillment;
using FlashSale.Grains;
using FlashSale.Host.Api;
using FlashSale.Host.Api.Documentation;
using FlashSale.Host.Hosting;
using FlashSale.Host.Rehearsal;
using FlashSale.Outbox;
using FlashSale.Stock;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = HostContentRoot.Default(args) });

// Read requests straight into a buffer: waiting for data with a zero-byte read first saves a few KiB per idle
// connection but costs a syscall per request, and syscalls are what this service spends most on at launch rates.
builder.WebHost.UseSockets(s => s.WaitForDataBeforeAllocatingBuffer = false);
// Kestrel refuses a header value that is not UTF-8 with an empty 400 before any middleware runs. Read as Latin-1,
// every byte is a character, and the API's own checks refuse what it cannot use with problem details.
builder.WebHost.ConfigureKestrel(k => k.RequestHeaderEncodingSelector = _ => Encoding.Latin1);

// Order matters for hosted services: migrations first, then the silo, then the bus and the relay.
builder.Services
    .AddFulfillmentStore(builder.Configuration)
    .AddFcodes(builder.Configuration);
builder.AddFlashSaleSilo();
builder.Services
    .AddRedisStock(builder.Configuration)
    .AddSaleRetirement(builder.Configuration)
    .AddSaleGrains(builder.Configuration)
    .AddOrderMessaging(builder.Configuration, bus => bus.AddFulfillmentConsumers().AddFcodeConsumers())
    .AddFlashSaleAuth(builder.Configuration, builder.Environment)
    .AddFlashSaleHealthChecks()
    .AddFlashSaleTelemetry(builder.Configuration)
    .AddStartupRehearsal(builder.Configuration)
    .AddApiConventions()
    .AddApiLimits(builder.Configuration)
    .AddApiDocumentation()
    .AddSingleton<FcodeInput>()
    .AddSingleton<PurchaseAnswerMetrics>();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRequestHeadLimits();
app.UseKnownRequestCharsets();
app.UseAuthentication();
app.UseAuthorization();

app.MapGroup("/api/v1")
    .WithCommonProblems()
    .MapSaleEndpoints()
    .MapPurchaseEndpoints()
    .MapTicketEndpoints()
    .MapOrderEndpoints()
    .MapFcodeEndpoints()
    .MapRegistrationEndpoints();
app.MapApiDocumentation();
app.MapFlashSaleHealthChecks();
app.MapFlashSaleMetrics();

app.Run();

/// <summary>Visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
