using Twin.Actors.Cells;
using Twin.Api.Cells;
using Twin.Api.Forecasts;
using Twin.Api.Infrastructure;
using Twin.Api.Models;

var builder = WebApplication.CreateBuilder(args);
builder.AddTwinHosting();
builder.Services.AddTwinStorage();
builder.Services.AddTwinModels();
builder.Services.AddCellGrains();
builder.Services.AddCellIngestion();

var app = builder.Build();
app.UseTwinHosting();
app.MapDesignForecasts();
app.MapCells();
app.MapCellForecasts();
app.Run();

public partial class Program;
