using Twin.Api.Forecasts;
using Twin.Api.Infrastructure;
using Twin.Api.Models;

var builder = WebApplication.CreateBuilder(args);
builder.AddTwinHosting();
builder.Services.AddTwinModels();

var app = builder.Build();
app.UseTwinHosting();
app.MapDesignForecasts();
app.Run();

public partial class Program;
