namespace Twin.Import;

/// <summary>The file was readable but contains no cycle.</summary>
public sealed class EmptyCyclerFileException(string message) : CyclerImportException(message);
