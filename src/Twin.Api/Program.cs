using Twin.Api.Cells;
using Twin.Api.Forecasts;
using Twin.Api.Infrastructure;
using Twin.Api.Models;
using Twin.Api.Security.Access;
using Twin.Api.WhatIf;

// appsettings.json and the dashboard are copied next to the binary (see Twin.Api.csproj): found whatever the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory, WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot") });
builder.AddTwinHosting();
builder.Services.AddTwinStorage();
builder.Services.AddTwinModels();
builder.Services.AddTwinWhatIf();
builder.AddCellGrains();
builder.AddTwinDemo();

var app = builder.Build();
app.UseTwinHosting();
app.MapDesignForecasts();
app.MapCells();
app.MapCellForecasts();
app.MapApiKeys();
app.MapWhatIf();
app.MapModels();
app.Run();

public partial class Program;
