namespace Twin.Import.Internal;

internal enum ColumnRole
{
    Cycle,
    Step,
    TestTime,
    DateTime,
    Current,
    Voltage,
    ChargeCapacity,
    DischargeCapacity,
    Capacity,
    ChargeEnergy,
    DischargeEnergy,
    Energy,
    Temperature,
    State,
    StartTime,
    EndTime,
}
