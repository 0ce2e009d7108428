/** The PostgreSQL schema that holds LangGraph's checkpoint tables, apart from ours. */
export const checkpointSchema = 'langgraph';
